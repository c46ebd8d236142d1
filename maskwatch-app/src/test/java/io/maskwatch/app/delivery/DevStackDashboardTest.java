package io.maskwatch.app.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.app.MaskWatchProcess;
import io.maskwatch.server.web.DashboardClient;
import io.maskwatch.testing.OpsClient;
import io.maskwatch.testing.PrometheusText;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maskwatch dev-stack} as a person starts it: the banner's dashboard address and demo login
 * open the dashboard, and the password made up for it is written nowhere in the stack's folder.
 */
class DevStackDashboardTest {
    private static final Pattern LOGIN = Pattern.compile("log in as (\\S+), password (\\S+)");

    @TempDir
    Path dir;

    @Test
    void theBannersLoginOpensTheDashboard() throws Exception {
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
        try (MaskWatchProcess stack = MaskWatchProcess.start(
                List.of("-Xmx1g"),
                "dev-stack",
                "--dir",
                dir.toString(),
                "--kafka-port",
                "0",
                "--pg-port",
                "0",
                "--smtp-port",
                "0",
                "--dashboard-port",
                "0")) {
            // A blocked read of its output ignores JUnit's timeout; killing the process ends the read,
            // and awaitLine then fails with everything it printed.
            watchdog.schedule(
                    () -> {
                        stack.kill();
                        return null;
                    },
                    4,
                    TimeUnit.MINUTES);
            String url = stack.awaitLine(line -> line.startsWith("  Dashboard:"), "the dashboard's address")
                    .substring("  Dashboard:".length())
                    .strip();
            Matcher login =
                    LOGIN.matcher(stack.awaitLine(line -> LOGIN.matcher(line).find(), "the demo login"));
            assertThat(login.find()).isTrue();
            String user = login.group(1);
            String password = login.group(2);

            DashboardClient browser = new DashboardClient(url);
            assertThat(browser.login(user, password).statusCode() / 100).isEqualTo(3);
            HttpResponse<String> me = browser.get("/api/me");
            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            assertThat(DashboardClient.parse(me.body()).get("user").asText()).isEqualTo("demo");
            assertThat(DashboardClient.parse(me.body()).get("role").asText()).isEqualTo("admin");
            assertThat(new DashboardClient(url).login(user, password + "x").statusCode() / 100)
                    .isNotEqualTo(3);

            // The server's metrics and health, on the dashboard, without a login.
            OpsClient ops = new OpsClient(url);
            assertThat(ops.health().ready()).as(ops.health().body().toString()).isTrue();
            PrometheusText metrics = ops.metrics();
            assertThat(metrics.samples("maskwatch_ingress_alerts_archived_total"))
                    .hasSize(1);
            assertThat(metrics.samples("maskwatch_emails_sent_total")).hasSize(1);
            assertThat(metrics.samples("hikaricp_connections_max")).isNotEmpty();

            assertThat(filesHolding(password))
                    .as("files under %s holding the password", dir)
                    .isEmpty();
            stack.interrupt();
            assertThat(stack.waitFor(90, TimeUnit.SECONDS))
                    .as("dev-stack stops on Ctrl-C")
                    .isTrue();
        }
    }

    private List<Path> filesHolding(String text) throws Exception {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> contains(file, needle))
                    .toList();
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            String haystack = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            return haystack.contains(new String(needle, StandardCharsets.ISO_8859_1));
        } catch (java.io.IOException e) {
            // PostgreSQL's socket lock files and the like: nothing a password could be in.
            return false;
        }
    }
}
