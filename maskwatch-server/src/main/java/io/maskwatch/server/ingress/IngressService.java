package io.maskwatch.server.ingress;

import io.maskwatch.core.ops.Health;
import io.maskwatch.server.kafka.BatchConsumerLoop;
import io.maskwatch.server.kafka.ConsumerThreads;
import io.maskwatch.server.kafka.DeadLetters;
import io.maskwatch.server.kafka.KafkaClients;
import io.maskwatch.server.kafka.NotifyPublisher;
import io.maskwatch.server.kafka.TopicSetup;
import io.maskwatch.wire.TopicSettings;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;

/**
 * The ingress, wired: {@code consumers} members of the {@value #GROUP_ID} group on the events
 * topic, each on its own thread, archiving its batches in PostgreSQL, announcing new alerts on
 * the notify topic and setting bad messages aside on the dead-letter topic. Several consumers
 * overlap fetching and decoding with database writes; more processes share the partitions too.
 */
public final class IngressService implements AutoCloseable {
    public static final String GROUP_ID = "maskwatch-ingress";
    private static final int MAX_BATCH = 500;

    private final List<IngressHandler> handlers = new ArrayList<>();
    private final ConsumerThreads members;

    public IngressService(KafkaClients kafka, TopicSettings topics, DataSource dataSource, String instance) {
        this(kafka, topics, dataSource, instance, 1);
    }

    public IngressService(
            KafkaClients kafka, TopicSettings topics, DataSource dataSource, String instance, int consumers) {
        TopicSetup.ensure(
                kafka,
                List.of(topics.alerts(), topics.alertsDeadLetter(), topics.toNotify()),
                TopicSetup.DEFAULT_PARTITIONS);
        this.members = new ConsumerThreads(kafka.producer("maskwatch-ingress-" + instance));
        Producer<byte[], byte[]> producer = members.producer();
        AlertArchive archive = new AlertArchive(dataSource);
        NotifyPublisher notify = new NotifyPublisher(producer, topics.toNotify());
        for (int i = 1; i <= consumers; i++) {
            String clientId = "maskwatch-ingress-" + instance + "-" + i;
            IngressHandler handler = new IngressHandler(archive, notify);
            BatchConsumerLoop loop = new BatchConsumerLoop(
                    "maskwatch-ingress",
                    kafka.consumer(GROUP_ID, clientId, MAX_BATCH),
                    List.of(topics.alerts()),
                    handler,
                    new DeadLetters(producer, topics.alertsDeadLetter(), "ingress"),
                    "Kafka at " + kafka.settings().describe(),
                    "PostgreSQL");
            handlers.add(handler);
            members.add(loop, clientId);
        }
    }

    public void start() {
        members.start();
    }

    public long storedCount() {
        return handlers.stream().mapToLong(IngressHandler::storedCount).sum();
    }

    public long duplicateCount() {
        return handlers.stream().mapToLong(IngressHandler::duplicateCount).sum();
    }

    public long deadLetterCount() {
        return members.deadLetterCount();
    }

    public long failedPollCount() {
        return members.failedPollCount();
    }

    /** Readiness of its Kafka consumers: down when one has stopped or its polls fail. */
    public Health.Status consumerHealth() {
        return members.health();
    }

    @Override
    public void close() {
        members.close();
    }
}
