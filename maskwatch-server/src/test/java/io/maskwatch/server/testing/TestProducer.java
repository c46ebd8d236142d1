package io.maskwatch.server.testing;

import io.maskwatch.wire.NoLossProducer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Puts raw messages on a topic, the way any producer (the seed's dispatcher, a broken one) would. */
public final class TestProducer implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(properties(), new ByteArraySerializer(), new ByteArraySerializer());

    /** Tests write to topics made a moment before, where KAFKA-15591 bites without {@link NoLossProducer}. */
    private static Map<String, Object> properties() {
        Map<String, Object> props = new HashMap<>(NoLossProducer.SETTINGS);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafka().bootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return props;
    }

    public void send(String topic, byte[] key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
