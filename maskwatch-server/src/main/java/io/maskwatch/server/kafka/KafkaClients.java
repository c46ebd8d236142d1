package io.maskwatch.server.kafka;

import io.maskwatch.core.ops.ProcessOps;
import io.maskwatch.wire.KafkaSettings;
import io.maskwatch.wire.NoLossProducer;
import io.maskwatch.wire.ProducerTimeouts;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Producers and consumers of the server, configured once here from the {@code kafka:} section. */
public final class KafkaClients {
    /** How long the group waits for a silent member before giving its partitions to others. */
    public static final java.time.Duration SESSION_TIMEOUT = java.time.Duration.ofSeconds(10);

    private final KafkaSettings settings;
    private final Function<String, String> env;
    /** Where the clients' own meters go (consumer lag per partition, ...); null: nowhere. */
    private final ProcessOps ops;

    public KafkaClients(KafkaSettings settings, Function<String, String> env) {
        this(settings, env, null);
    }

    private KafkaClients(KafkaSettings settings, Function<String, String> env, ProcessOps ops) {
        this.settings = settings;
        this.env = env;
        this.ops = ops;
    }

    /** The same clients, each binding Micrometer's meters of its Kafka metrics to {@code ops} as it is made. */
    public KafkaClients observedBy(ProcessOps ops) {
        return new KafkaClients(settings, env, ops);
    }

    public KafkaSettings settings() {
        return settings;
    }

    public Map<String, Object> common() {
        return settings.clientProperties(env);
    }

    /** An acknowledged dead letter or notification is never lost or doubled by retries ({@link NoLossProducer}). */
    public KafkaProducer<byte[], byte[]> producer(String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.putAll(ProducerTimeouts.SETTINGS);
        props.putAll(common());
        props.putAll(NoLossProducer.SETTINGS);
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        if (ops != null) {
            ops.bind(new KafkaClientMetrics(producer, List.of(), ops.thread(), ProcessOps.BINDER_REFRESH));
        }
        return producer;
    }

    /**
     * A group member that commits by hand (after the database commit) and reads raw bytes, so
     * that a message that cannot be decoded reaches our code and the dead-letter topic instead of
     * failing inside the client.
     */
    public KafkaConsumer<byte[], byte[]> consumer(String groupId, String clientId, int maxPollRecords) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        // Face crops make big records: let one fetch bring a whole batch.
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        props.putAll(common());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A member that crashed holds its partitions until its session times out: 10 s lets a
        // restarted ingress resume within seconds instead of the default 45 s. (The broker's
        // minimum, 6 s, expired sessions of members starved of CPU on a loaded machine and made the
        // group rebalance again and again.) Heartbeats go at a third of it.
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis() / 3);
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        if (ops != null) {
            // records-lag per topic and partition among them: how far each member is behind.
            ops.bind(new KafkaClientMetrics(consumer, List.of(), ops.thread(), ProcessOps.BINDER_REFRESH));
        }
        return consumer;
    }
}
