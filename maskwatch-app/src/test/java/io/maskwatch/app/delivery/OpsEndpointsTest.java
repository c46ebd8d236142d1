package io.maskwatch.app.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.maskwatch.app.MaskWatchProcess;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.server.config.PostgresSettings;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.testing.OpsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery commands as processes serve {@code /metrics} and {@code /health} on the port their
 * configuration (or environment) gives, while they run: {@code dispatch} -> {@code ingress} on the
 * tests' broker and PostgreSQL, with {@code notify} beside it. ({@code detect}: GracefulStopTest;
 * {@code server}: DevStackDashboardTest.)
 */
@Timeout(300)
class OpsEndpointsTest {
    @TempDir
    Path dir;

    @Test
    void dispatchIngressAndNotifyEachServeTheirOwn() throws Exception {
        Path store = dir.resolve("device.db");
        try (EventStore events = EventStore.open(store)) {
            for (int i = 0; i < 3; i++) {
                ChainEvents.append(events, i, 2_000);
            }
        }
        String kafka = TestInfra.kafka().bootstrapServers();
        String topic = "ops-alerts-" + System.nanoTime();
        int dispatchPort = OpsClient.freePort();
        Path device = Files.writeString(dir.resolve("edge.yaml"), """
                device: {guid: d-ops, type: pi, enrolled_on: "2020-01-01 10:00:00"}
                store: {path: %s}
                kafka: {bootstrap_servers: "%s"}
                topics: {alerts: %s}
                ops: {port: %d}
                """.formatted(store, kafka, topic, dispatchPort));
        PostgresSettings database = TestInfra.newDatabase();
        Path server = Files.writeString(dir.resolve("server.yaml"), """
                kafka: {bootstrap_servers: "%s"}
                topics: {alerts: %s, to_notify: %s-notify}
                postgres: {url: "%s", user: postgres}
                smtp: {host: 127.0.0.1, port: 9, tls: none, from: "MaskWatch <ops@localhost>", timeout_seconds: 5}
                """.formatted(kafka, topic, topic, database.url()));
        int ingressPort = OpsClient.freePort();
        int notifyPort = OpsClient.freePort();
        // ingress and notify read one file; each process's port comes from its environment, as in a unit each.
        try (MaskWatchProcess ingress = MaskWatchProcess.start(
                        Map.of("MASKWATCH_OPS_PORT", String.valueOf(ingressPort)),
                        List.of("-Xmx384m"),
                        "ingress",
                        "--config",
                        server.toString(),
                        "--instance",
                        "ops");
                MaskWatchProcess notify = MaskWatchProcess.start(
                        Map.of("MASKWATCH_OPS_PORT", String.valueOf(notifyPort)),
                        List.of("-Xmx384m"),
                        "notify",
                        "--config",
                        server.toString());
                MaskWatchProcess dispatch =
                        MaskWatchProcess.start(List.of("-Xmx384m"), "dispatch", "--config", device.toString())) {
            OpsClient ingressOps = OpsClient.onLocalPort(ingressPort);
            OpsClient notifyOps = OpsClient.onLocalPort(notifyPort);
            OpsClient dispatchOps = OpsClient.onLocalPort(dispatchPort);
            await().atMost(Duration.ofSeconds(120))
                    .ignoreExceptions()
                    .until(() -> ingressOps.metrics().value("maskwatch_ingress_alerts_archived_total") == 3
                            && dispatchOps.metrics().value("maskwatch_dispatch_published_total") == 3);
            assertThat(dispatchOps.metrics().value("maskwatch_dispatch_backlog_events"))
                    .isZero();
            await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> ingressOps.health().ready()
                            && notifyOps.health().ready()
                            && dispatchOps.health().ready());
            assertThat(ingressOps.health().statusOf("postgres")).isEqualTo("up");
            assertThat(dispatchOps.health().statusOf("store")).isEqualTo("up");
            assertThat(notifyOps.metrics().value("maskwatch_emails_sent_total")).isZero();
            assertThat(ingressOps.metrics().samples("hikaricp_connections_max")).isNotEmpty();
            for (MaskWatchProcess process : List.of(dispatch, notify, ingress)) {
                process.interrupt();
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }
        }
    }
}
