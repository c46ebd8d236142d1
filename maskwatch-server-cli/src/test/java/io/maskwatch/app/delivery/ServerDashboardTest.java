package io.maskwatch.app.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.app.ServerCommandRun;
import io.maskwatch.server.config.PostgresSettings;
import io.maskwatch.server.testing.TestInfra;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code maskwatch server} starting its dashboard: what stops the start is one line naming the key. */
class ServerDashboardTest {
    @TempDir
    Path dir;

    /** A server configuration on a fresh database; the broker is never reached, as the dashboard fails first. */
    private Path config(String dashboard, String postgres) throws Exception {
        PostgresSettings database = TestInfra.newDatabase();
        return Files.writeString(dir.resolve("server.yaml"), """
                kafka: {bootstrap_servers: "127.0.0.1:9"}
                postgres: {url: "%s", user: postgres%s}
                dashboard: %s
                """.formatted(database.url(), postgres, dashboard));
    }

    @Test
    void aBusyDashboardPortIsNamedWithItsKeyAndTheFix() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Path config = config("{bind: 127.0.0.1, port: " + port + "}", "");

            ServerCommandRun run = ServerCommandRun.of("server", "--config", config.toString());

            assertThat(run.exit()).as(run.err()).isEqualTo(2);
            assertThat(run.err())
                    .startsWith("error: dashboard.port: port " + port + " on 127.0.0.1 is in use")
                    .contains("set dashboard.port (or MASKWATCH_DASHBOARD_PORT) to a free port")
                    .contains("dashboard.enabled: false")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void aPoolTooSmallForTheDashboardsLiveFeedIsNamed() throws Exception {
        Path config = config("{port: 0}", ", pool_size: 2");

        ServerCommandRun run = ServerCommandRun.of("server", "--config", config.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("error: postgres.pool_size: 2 connections are too few")
                .contains("at least 3");
    }
}
