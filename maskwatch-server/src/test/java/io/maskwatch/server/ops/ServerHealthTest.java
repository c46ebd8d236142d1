package io.maskwatch.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.maskwatch.core.ops.ProcessOps;
import io.maskwatch.devstack.EmbeddedPostgresServer;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.testing.MutableClock;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.web.DashboardServer;
import io.maskwatch.server.web.TestDashboard;
import io.maskwatch.testing.OpsClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code /health} of a server process, as {@code maskwatch server} serves it on the dashboard (no
 * login): ready, then not ready while PostgreSQL is stopped (naming it and why), then ready again
 * once it is back.
 */
class ServerHealthTest {
    @Test
    void healthTurnsNotReadyWhilePostgresIsStoppedAndReadyAgainWhenItIsBack() throws Exception {
        EmbeddedPostgresServer postgres = TestInfra.postgres();
        try (ProcessOps process = new ProcessOps();
                Database database = TestInfra.newMigratedDatabase()) {
            ServerOps ops = new ServerOps(process);
            ops.watch(database);
            try (DashboardServer dashboard = DashboardServer.start(
                    TestDashboard.settings(),
                    database.dataSource(),
                    name -> null,
                    MutableClock.startingNow(),
                    process)) {
                OpsClient client = new OpsClient(dashboard.url());
                assertThat(client.health().ready()).isTrue();
                assertThat(client.health().body().get("status").asText()).isEqualTo("up");

                postgres.stop();
                try {
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> client.health().status() == 503);
                    OpsClient.HealthAnswer down = client.health();
                    assertThat(down.body().get("ready").asBoolean()).isFalse();
                    assertThat(down.body().get("live").asBoolean()).isTrue();
                    assertThat(down.statusOf("postgres")).isEqualTo("down");
                    assertThat(down.reason("postgres"))
                            .startsWith("PostgreSQL at " + database.url() + " is unreachable: ");
                    assertThat(client.metrics().value("maskwatch_health_check", "check", "postgres"))
                            .isZero();
                } finally {
                    postgres.restart();
                }

                await().atMost(Duration.ofSeconds(60))
                        .until(() -> client.health().ready());
                assertThat(client.metrics().value("maskwatch_ready")).isEqualTo(1);
            }
        }
    }
}
