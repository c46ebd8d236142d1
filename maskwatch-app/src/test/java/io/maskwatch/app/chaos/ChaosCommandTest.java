package io.maskwatch.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.app.CommandRun;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short version of the fault run: a few hundred events through real dispatcher, ingress and
 * notifier processes that are killed with kill -9, a broker, PostgreSQL and SMTP server taken away,
 * and nothing lost or archived twice.
 */
@Timeout(600)
class ChaosCommandTest {
    private static final Pattern RESULT = Pattern.compile(
            "events ([\\d,]+); lost (\\d+); archive rows doubled (\\d+); emails ([\\d,]+) for ([\\d,]+) alerts: missing"
                    + " (\\d+), doubled (\\d+), failed deliveries (\\d+)");

    @TempDir
    Path dir;

    @Test
    void underKillsAndOutagesNoEventIsLostNorArchivedTwice() {
        CommandRun run = CommandRun.of(
                "chaos",
                "--events",
                "600",
                "--rate",
                "20",
                "--faults-every",
                "1",
                "--seed",
                "3",
                "--drain-minutes",
                "5",
                "--dir",
                dir.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        Matcher result = RESULT.matcher(run.out());
        assertThat(result.find()).as(run.out()).isTrue();
        assertThat(result.group(1)).isEqualTo("600");
        assertThat(result.group(2)).as("lost").isEqualTo("0");
        assertThat(result.group(3)).as("rows doubled").isEqualTo("0");
        assertThat(result.group(5)).as("alerts archived").isEqualTo("600");
        assertThat(result.group(6)).as("emails missing").isEqualTo("0");
        // A service is meant to wait out an outage, not to end (the command restarts one that does).
        assertThat(run.out()).as(run.out()).contains("services that exited by themselves: 0");
        // Faults were made: the schedule names at least two kinds.
        assertThat(run.out()).containsPattern("faults: \\{[^}]*=\\d+, [^}]*=\\d+");
    }
}
