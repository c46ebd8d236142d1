package io.maskwatch.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.maskwatch.core.ops.OpsSettings;
import io.maskwatch.core.ops.ProcessOps;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.ingress.IngressService;
import io.maskwatch.server.kafka.KafkaClients;
import io.maskwatch.server.kafka.TopicSetup;
import io.maskwatch.server.telemetry.TelemetryService;
import io.maskwatch.server.testing.Sql;
import io.maskwatch.server.testing.TestAlerts;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.testing.TestProducer;
import io.maskwatch.testing.OperationsReference;
import io.maskwatch.testing.OpsClient;
import io.maskwatch.testing.PrometheusText;
import io.maskwatch.wire.TopicSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A real ingress run (the in-process broker, the embedded PostgreSQL) with the process's metrics
 * served as {@code maskwatch ingress} serves them, then {@code /metrics} fetched over HTTP and read
 * strictly: alerts archived as PostgreSQL holds them, dead letters, the consumers' lag per partition,
 * the pool.
 */
class ServerMetricsTest {
    private static final int ALERTS = 60;

    @Test
    void afterAnIngressRunTheMetricsShowTheRowsArchivedTheDeadLettersAndTheLagPerPartition() throws Exception {
        TopicSettings topics = TestInfra.newTopics();
        int port = OpsClient.freePort();
        try (ProcessOps process = new ProcessOps();
                Database database = TestInfra.newMigratedDatabase();
                TestProducer producer = new TestProducer()) {
            ServerOps ops = new ServerOps(process);
            process.serve(new OpsSettings("127.0.0.1", port), 1);
            ops.watch(database);
            KafkaClients kafka = ops.observe(TestInfra.kafkaClients());
            try (IngressService ingress = new IngressService(kafka, topics, database.dataSource(), "ops");
                    TelemetryService telemetry = new TelemetryService(kafka, topics, database.dataSource(), "ops")) {
                ops.watch(ingress);
                ops.watch(telemetry);
                ingress.start();
                telemetry.start();
                byte[] key = TestAlerts.DEVICE.getBytes(StandardCharsets.UTF_8);
                for (int i = 0; i < ALERTS; i++) {
                    producer.send(
                            topics.alerts(),
                            key,
                            TestAlerts.maskWatch(UUID.randomUUID(), i, 1_000).toByteArray());
                }
                producer.send(topics.alerts(), key, "not protobuf".getBytes(StandardCharsets.UTF_8));
                producer.send(topics.heartbeats(), key, new byte[] {(byte) 0xff});
                producer.flush();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> ingress.storedCount() == ALERTS
                                && ingress.deadLetterCount() == 1
                                && telemetry.deadLetterCount() == 1);
                OpsClient client = OpsClient.onLocalPort(port);

                PrometheusText metrics = client.metrics();

                long rows = Sql.count(database.dataSource(), "SELECT count(*) FROM alert");
                assertThat(rows).isEqualTo(ALERTS);
                assertThat(metrics.value("maskwatch_ingress_alerts_archived_total"))
                        .isEqualTo(rows);
                assertThat(metrics.value("maskwatch_ingress_duplicates_total")).isZero();
                assertThat(metrics.value("maskwatch_dead_letters_total", "service", "ingress"))
                        .isEqualTo(1);
                assertThat(metrics.value("maskwatch_dead_letters_total", "service", "telemetry"))
                        .isEqualTo(1);
                assertThat(metrics.value("hikaricp_connections_max", "pool", "maskwatch-db"))
                        .isEqualTo(4);
                assertThat(metrics.samples("hikaricp_connections_active", "pool", "maskwatch-db"))
                        .hasSize(1);
                assertThat(metrics.sum("jvm_memory_used_bytes")).isPositive();
                assertThat(OperationsReference.undocumented(metrics))
                        .as("meters docs/operations.md does not describe")
                        .isEmpty();
                // Lag per partition of the events topic: every partition caught up. The binder finds the
                // partition meters once the member has its partitions (it looks every 10 s).
                await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                    PrometheusText now = client.metrics();
                    assertThat(now.samples("kafka_consumer_fetch_manager_records_lag", "topic", topics.alerts()))
                            .hasSize(TopicSetup.DEFAULT_PARTITIONS)
                            .allSatisfy(s -> assertThat(s.value()).isZero())
                            .extracting(s -> s.labels().get("partition"))
                            .containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5");
                });
                assertThat(client.health().ready()).isTrue();
                assertThat(client.health().statusOf("postgres")).isEqualTo("up");
                assertThat(client.health().statusOf("consumer:ingress")).isEqualTo("up");
            }
        }
    }
}
