package io.maskwatch.server.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.maskwatch.devstack.EmbeddedPostgresServer;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.kafka.NotifyIds;
import io.maskwatch.server.testing.Await;
import io.maskwatch.server.testing.LogLines;
import io.maskwatch.server.testing.Sql;
import io.maskwatch.server.testing.TestAlerts;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.testing.TestProducer;
import io.maskwatch.server.testing.TopicReader;
import io.maskwatch.wire.TopicSettings;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** PostgreSQL goes away in the middle of a run and comes back: nothing lost, nothing doubled. */
class PostgresOutageTest {
    @Test
    void ingressWaitsForPostgresAndLosesNothing() throws Exception {
        TopicSettings topics = TestInfra.newTopics();
        EmbeddedPostgresServer postgres = TestInfra.postgres();
        try (LogLines log = LogLines.of("maskwatch-ingress");
                Database database = TestInfra.newMigratedDatabase();
                IngressService ingress =
                        new IngressService(TestInfra.kafkaClients(), topics, database.dataSource(), "outage");
                TestProducer producer = new TestProducer()) {
            ingress.start();
            DataSource ds = database.dataSource();
            for (int i = 0; i < 100; i++) {
                producer.send(
                        topics.alerts(),
                        null,
                        TestAlerts.maskWatch(UUID.randomUUID(), i, 1_000).toByteArray());
            }
            producer.flush();
            assertThat(Await.until(() -> ingress.storedCount() == 100, Duration.ofSeconds(30)))
                    .isTrue();

            postgres.stop();
            try {
                for (int i = 100; i < 200; i++) {
                    producer.send(
                            topics.alerts(),
                            null,
                            TestAlerts.maskWatch(UUID.randomUUID(), i, 1_000).toByteArray());
                }
                producer.flush();
                // The ingress tried, failed, and said that PostgreSQL (and only it) is away.
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !log.containing("is unavailable").isEmpty());
                assertThat(ingress.storedCount()).isEqualTo(100);
            } finally {
                postgres.restart();
            }

            assertThat(Await.until(() -> ingress.storedCount() == 200, Duration.ofSeconds(60)))
                    .isTrue();
            assertThat(log.containing("is unavailable"))
                    .singleElement()
                    .satisfies(line -> assertThat(line)
                            .startsWith("PostgreSQL is unavailable")
                            .doesNotContain("Kafka"));
            assertThat(log.containing("available again"))
                    .singleElement()
                    .satisfies(line -> assertThat(line).startsWith("PostgreSQL is available again after"));
            assertThat(Sql.count(ds, "SELECT count(*) FROM alert")).isEqualTo(200);
            assertThat(Sql.count(ds, "SELECT count(DISTINCT event_uuid) FROM alert"))
                    .isEqualTo(200);
            assertThat(Sql.count(ds, "SELECT count(*) FROM image")).isEqualTo(200);
            assertThat(TopicReader.readUntil(topics.toNotify(), r -> r.size() >= 200, Duration.ofSeconds(20)).stream()
                            .map(r -> NotifyIds.decode(r.value()))
                            .distinct()
                            .count())
                    .isEqualTo(200);
            // Still running: one more goes through.
            producer.send(
                    topics.alerts(),
                    null,
                    TestAlerts.maskWatch(UUID.randomUUID(), 999, 10).toByteArray());
            producer.flush();
            assertThat(Await.until(() -> ingress.storedCount() == 201, Duration.ofSeconds(30)))
                    .isTrue();
        }
    }
}
