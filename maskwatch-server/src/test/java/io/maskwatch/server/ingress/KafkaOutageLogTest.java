package io.maskwatch.server.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.maskwatch.server.db.Database;
import io.maskwatch.server.testing.LogLines;
import io.maskwatch.server.testing.TestAlerts;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.testing.TestProducer;
import io.maskwatch.wire.TopicSettings;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An idle ingress whose broker goes away says so once while it is away, and once when it is back,
 * with the outage's true length (a consumer's poll does not fail when the broker goes: it used to
 * log nothing at all).
 */
@Timeout(180)
class KafkaOutageLogTest {
    private static final Pattern AGAIN = Pattern.compile("is available again after (\\d+) s");

    @Test
    void anIdleIngressLogsTheBrokerOutageOnceWithItsTrueLength() throws Exception {
        TopicSettings topics = TestInfra.newTopics();
        try (LogLines log = LogLines.of("maskwatch-ingress");
                Database database = TestInfra.newMigratedDatabase();
                IngressService ingress =
                        new IngressService(TestInfra.kafkaClients(), topics, database.dataSource(), "kafka-outage");
                TestProducer producer = new TestProducer()) {
            ingress.start();
            producer.send(
                    topics.alerts(),
                    null,
                    TestAlerts.maskWatch(UUID.randomUUID(), 0, 1_000).toByteArray());
            producer.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> ingress.storedCount() == 1);

            long downAt = System.nanoTime();
            TestInfra.kafka().stopBroker();
            try {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !log.containing("Kafka at").stream()
                                .filter(l -> l.contains("is unavailable"))
                                .toList()
                                .isEmpty());
            } finally {
                TestInfra.kafka().restartBroker();
            }
            long downSeconds = Math.round((System.nanoTime() - downAt) / 1e9);

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> !log.containing("available again").isEmpty());
            assertThat(log.containing("is unavailable")).hasSize(1);
            String again = log.containing("available again").get(0);
            assertThat(again).startsWith("Kafka at");
            Matcher seconds = AGAIN.matcher(again);
            assertThat(seconds.find()).as(again).isTrue();
            // Dated from the last heartbeat, not from when the silence was noticed (a session later).
            assertThat(Long.parseLong(seconds.group(1))).isBetween(downSeconds - 3, downSeconds + 10);

            producer.send(
                    topics.alerts(),
                    null,
                    TestAlerts.maskWatch(UUID.randomUUID(), 1, 1_000).toByteArray());
            producer.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> ingress.storedCount() == 2);
        }
    }
}
