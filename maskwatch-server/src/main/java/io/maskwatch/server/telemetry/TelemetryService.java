package io.maskwatch.server.telemetry;

import io.maskwatch.core.ops.Health;
import io.maskwatch.server.kafka.BatchConsumerLoop;
import io.maskwatch.server.kafka.ConsumerThreads;
import io.maskwatch.server.kafka.DeadLetters;
import io.maskwatch.server.kafka.KafkaClients;
import io.maskwatch.server.kafka.TopicSetup;
import io.maskwatch.wire.TopicSettings;
import java.util.List;
import javax.sql.DataSource;

/**
 * What devices report besides their events, into PostgreSQL for the dashboard: the compliance
 * counts ({@code topics.compliance} to {@code compliance_minute}) and the heartbeats ({@code
 * topics.heartbeats} to the {@code device} rows). One member of the {@value #GROUP_ID} group per
 * topic, each on its own thread, so a slow or failing archive of one never holds up the other; bad
 * messages go to the topic's {@code .dlq}. {@code maskwatch ingress} and {@code maskwatch server}
 * run it beside the ingress.
 */
public final class TelemetryService implements AutoCloseable {
    public static final String GROUP_ID = "maskwatch-telemetry";
    private static final int MAX_BATCH = 500;

    private final ConsumerThreads members;
    private final TelemetryHandler<IncomingCount> counts;
    private final TelemetryHandler<IncomingHeartbeat> heartbeats;

    public TelemetryService(KafkaClients kafka, TopicSettings topics, DataSource dataSource, String instance) {
        TopicSetup.ensure(
                kafka,
                List.of(
                        topics.compliance(),
                        topics.complianceDeadLetter(),
                        topics.heartbeats(),
                        topics.heartbeatsDeadLetter()),
                TopicSetup.DEFAULT_PARTITIONS);
        this.members = new ConsumerThreads(kafka.producer("maskwatch-telemetry-" + instance));
        ComplianceArchive complianceArchive = new ComplianceArchive(dataSource);
        HeartbeatArchive heartbeatArchive = new HeartbeatArchive(dataSource);
        this.counts = new TelemetryHandler<>(ComplianceDecoder::decode, complianceArchive::store);
        this.heartbeats = new TelemetryHandler<>(HeartbeatDecoder::decode, heartbeatArchive::store);
        member(kafka, instance, "compliance", topics.compliance(), topics.complianceDeadLetter(), counts);
        member(kafka, instance, "heartbeats", topics.heartbeats(), topics.heartbeatsDeadLetter(), heartbeats);
    }

    private void member(
            KafkaClients kafka,
            String instance,
            String what,
            String topic,
            String deadLetterTopic,
            BatchConsumerLoop.Handler handler) {
        String clientId = "maskwatch-telemetry-" + instance + "-" + what;
        BatchConsumerLoop loop = new BatchConsumerLoop(
                "maskwatch-telemetry-" + what,
                kafka.consumer(GROUP_ID, clientId, MAX_BATCH),
                List.of(topic),
                handler,
                new DeadLetters(members.producer(), deadLetterTopic, "telemetry"),
                "Kafka at " + kafka.settings().describe(),
                "PostgreSQL");
        members.add(loop, clientId);
    }

    public void start() {
        members.start();
    }

    /** Compliance messages kept (a copy of a minute already kept counts too). */
    public long storedCounts() {
        return counts.storedCount();
    }

    /** Heartbeat messages handled (an older one than stored changes nothing but counts too). */
    public long storedHeartbeats() {
        return heartbeats.storedCount();
    }

    /** Messages of either topic set aside on a dead-letter topic. */
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
