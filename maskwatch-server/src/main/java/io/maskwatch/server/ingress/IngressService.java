package io.maskwatch.server.ingress;

import io.maskwatch.server.config.TopicSettings;
import io.maskwatch.server.kafka.BatchConsumerLoop;
import io.maskwatch.server.kafka.DeadLetters;
import io.maskwatch.server.kafka.KafkaClients;
import io.maskwatch.server.kafka.NotifyPublisher;
import io.maskwatch.server.kafka.TopicSetup;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;

/**
 * The ingress, wired: a member of the {@value #GROUP_ID} group on the events topic archiving
 * each batch in PostgreSQL, announcing new alerts on the notify topic and setting bad messages
 * aside on the dead-letter topic. Start several (processes or instances) to share the partitions.
 */
public final class IngressService implements AutoCloseable {
    public static final String GROUP_ID = "maskwatch-ingress";
    private static final int MAX_BATCH = 500;

    private final BatchConsumerLoop loop;
    private final IngressHandler handler;
    private final Producer<byte[], byte[]> producer;
    private final Thread thread;

    public IngressService(KafkaClients kafka, TopicSettings topics, DataSource dataSource, String instance) {
        TopicSetup.ensure(
                kafka,
                List.of(topics.alerts(), topics.alertsDeadLetter(), topics.toNotify()),
                TopicSetup.DEFAULT_PARTITIONS);
        this.producer = kafka.producer("maskwatch-ingress-" + instance);
        this.handler =
                new IngressHandler(new AlertArchive(dataSource), new NotifyPublisher(producer, topics.toNotify()));
        this.loop = new BatchConsumerLoop(
                "maskwatch-ingress",
                kafka.consumer(GROUP_ID, "maskwatch-ingress-" + instance, MAX_BATCH),
                List.of(topics.alerts()),
                handler,
                new DeadLetters(producer, topics.alertsDeadLetter(), "ingress"),
                "Kafka at " + kafka.settings().describe() + " or PostgreSQL");
        this.thread = new Thread(loop, "maskwatch-ingress-" + instance);
    }

    public void start() {
        thread.start();
    }

    public long storedCount() {
        return handler.storedCount();
    }

    public long duplicateCount() {
        return handler.duplicateCount();
    }

    public long deadLetterCount() {
        return loop.deadLetterCount();
    }

    @Override
    public void close() {
        loop.close();
        producer.close(Duration.ofSeconds(5));
    }
}
