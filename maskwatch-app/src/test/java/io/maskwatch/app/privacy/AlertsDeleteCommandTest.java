package io.maskwatch.app.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.app.CommandRun;
import io.maskwatch.server.config.PostgresSettings;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.testing.AlertRows;
import io.maskwatch.server.testing.Sql;
import io.maskwatch.server.testing.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maskwatch alerts delete} against an embedded PostgreSQL: by id or by device and time
 * range, each alert with its image and delivery records, one audit record naming who, why, how
 * many and the criteria; a dry run changes nothing; mistakes are one-line errors.
 */
class AlertsDeleteCommandTest {
    /** Six alerts a minute apart, the newest at this instant, on dev-0 and dev-1 in turn. */
    private static final Instant NEWEST = Instant.parse("2026-11-02T12:00:00Z");

    @TempDir
    Path dir;

    private Database database;
    private DataSource ds;
    private Path config;

    @BeforeEach
    void start() throws Exception {
        PostgresSettings pg = TestInfra.newDatabase();
        database = Database.open(pg, name -> null, () -> true);
        ds = database.dataSource();
        AlertRows.insertEachWithItsImage(ds, 6, 2, NEWEST, Duration.ofMinutes(1));
        AlertRows.emailedTo(ds, "bob@example.com");
        config = Files.writeString(dir.resolve("server.yaml"), """
                postgres:
                  url: %s
                  user: %s
                """.formatted(pg.url(), pg.user()));
    }

    @AfterEach
    void stop() {
        database.close();
    }

    private long count(String table) {
        return Sql.count(ds, "SELECT count(*) FROM " + table);
    }

    @Test
    void deletesTheNamedAlertsWithTheirImagesAndDeliveriesAndAuditsIt() {
        List<Long> ids = Sql.longs(ds, "SELECT id FROM alert ORDER BY id LIMIT 2");

        CommandRun run = CommandRun.of(
                "alerts",
                "delete",
                "--config",
                config.toString(),
                "--id",
                ids.get(0).toString(),
                "--id",
                ids.get(1).toString(),
                "--reason",
                "subject access request 12",
                "--by",
                "dpo");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Deleted 2 alert(s) with 2 image(s) and 2 delivery record(s); audit record");
        assertThat(Sql.count(ds, "SELECT count(*) FROM alert WHERE id IN (" + ids.get(0) + ", " + ids.get(1) + ")"))
                .isZero();
        assertThat(count("alert")).isEqualTo(4);
        assertThat(count("image")).isEqualTo(4);
        assertThat(count("alert_delivery")).isEqualTo(4);
        assertThat(Sql.strings(ds, "SELECT actor || ' ' || action || ' ' || count || ' ' || reason FROM audit_log"))
                .containsExactly("dpo delete 2 subject access request 12");
        assertThat(Sql.strings(ds, "SELECT detail->'criteria'->>'ids' FROM audit_log"))
                .containsExactly(ids.toString());
        assertThat(Sql.strings(ds, "SELECT detail->>'via' FROM audit_log")).containsExactly("maskwatch alerts delete");
    }

    @Test
    void aDryRunByDeviceAndTimeRangeCountsAndChangesNothingThenTheRunDeletesThoseAlone() {
        String[] criteria = {
            "alerts",
            "delete",
            "--config",
            config.toString(),
            "--device",
            "dev-0",
            "--from",
            "2026-11-02T11:56:00Z",
            "--to",
            "2026-11-02T12:00:00Z",
            "--reason",
            "camera pointed at the street"
        };
        // Within [11:56, 12:00): the alerts seen at 11:56, 11:57, 11:58 and 11:59; of those, dev-0 has 11:56 and 11:58.
        CommandRun dry = CommandRun.of(concat(criteria, "--dry-run"));
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).startsWith("2 alert(s) match").contains("nothing deleted (--dry-run)");
        assertThat(count("alert")).isEqualTo(6);
        assertThat(count("audit_log")).isZero();

        CommandRun run = CommandRun.of(criteria);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Sql.strings(ds, "SELECT device_id || ' ' || event_time FROM alert ORDER BY event_time"))
                .hasSize(4)
                .noneMatch(a -> a.startsWith("dev-0") && (a.contains("11:56") || a.contains("11:58")));
        assertThat(Sql.strings(ds, "SELECT actor FROM audit_log"))
                .as("--by defaults to the operating system's user")
                .containsExactly(System.getProperty("user.name"));
        assertThat(Sql.strings(ds, "SELECT detail->'criteria'->>'device' FROM audit_log"))
                .containsExactly("dev-0");
    }

    @Test
    void mistakesAreOneLineErrorsAndDeleteNothing() {
        String c = config.toString();
        assertError(CommandRun.of("alerts", "delete", "--config", c, "--id", "1"), "--reason");
        assertError(CommandRun.of("alerts", "delete", "--config", c, "--reason", "x"), "name the alerts to delete");
        assertError(
                CommandRun.of("alerts", "delete", "--config", c, "--id", "1", "--device", "dev-0", "--reason", "x"),
                "either --id or");
        assertError(
                CommandRun.of("alerts", "delete", "--config", c, "--from", "yesterday", "--reason", "x"),
                "--from: expected an ISO-8601 instant");
        assertError(
                CommandRun.of(
                        "alerts",
                        "delete",
                        "--config",
                        c,
                        "--from",
                        "2026-11-02T12:00:00Z",
                        "--to",
                        "2026-11-01T12:00:00Z",
                        "--reason",
                        "x"),
                "is not before --to");
        assertThat(count("alert")).isEqualTo(6);
        assertThat(count("audit_log")).isZero();
    }

    @Test
    void itsHelpSaysWhatItDeletesAndThatAReasonIsRequired() {
        CommandRun group = CommandRun.of("alerts");
        assertThat(group.exitCode()).isZero();
        assertThat(group.out()).contains("Usage: maskwatch alerts").contains("delete");
        CommandRun run = CommandRun.of("alerts", "delete", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("Usage: maskwatch alerts delete")
                .contains("--reason=TEXT")
                .contains("--dry-run")
                .contains("audit record")
                .contains("--by=NAME", "(default: this user,");
    }

    private static void assertError(CommandRun run, String message) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(message);
    }

    private static String[] concat(String[] args, String more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = more;
        return all;
    }
}
