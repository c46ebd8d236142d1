package io.maskwatch.app.dashboard;

import io.maskwatch.app.ExitStatus;
import io.maskwatch.app.UserError;
import io.maskwatch.app.delivery.ServerOptions;
import io.maskwatch.server.config.ServerConfig;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.privacy.AuditAction;
import io.maskwatch.server.privacy.AuditLog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code maskwatch export-reviewed}: the face crops operators judged in the dashboard, as class
 * folders that {@code maskwatch train --data DIR} reads, so that the classifier learns from its
 * own mistakes in the field.
 */
@Command(
        name = "export-reviewed",
        mixinStandardHelpOptions = true,
        description = {
            "Writes the face crops of the reviewed alerts in PostgreSQL into class folders that"
                    + " 'maskwatch train --data DIR' reads:",
            "  DIR/with_mask/     alerts marked false_alarm: the person wore a mask. A false alarm can also be no"
                    + " face at all (a hand, a sign): look through with_mask/ and delete those before training.",
            "  DIR/without_mask/  alerts marked confirmed: no mask.",
            "Each crop is alert-<id>.jpg or .png, as the device sent it (another format is written as PNG). DIR/manifest.csv lists the exported alerts"
                    + " (id, class, device, source, event_time, reviewed_by, reviewed_at, file). Alerts nobody has"
                    + " reviewed are left out.",
            "Exporting into the same DIR again adds what is new, keeps what is there, and moves an alert reviewed"
                    + " the other way since to its new class; a different picture under an alert's name is never"
                    + " overwritten (that alert is left out, and the exit status is 2).",
            "Reads the server configuration's postgres: section (--config, or MASKWATCH_POSTGRES_URL and the"
                    + " other variables); does not wait for a database that is down.",
            ""
        })
public final class ExportReviewedCommand implements Callable<Integer>, ExitStatus.MayWarn {
    /** How often a long export says how far it is. */
    private static final long PROGRESS_NANOS = 2_000_000_000L;

    @Mixin
    ServerOptions options = new ServerOptions();

    @Option(
            names = {"-o", "--out"},
            required = true,
            paramLabel = "DIR",
            description = "Folder to write with_mask/, without_mask/ and manifest.csv into (made if missing).")
    Path out;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            description = "Only alerts seen at or after TIME (ISO-8601: 2024-03-01 for midnight UTC,"
                    + " 2024-03-01T08:00:00Z, 2024-03-01T09:00+01:00).")
    String since;

    @Option(names = "--device", paramLabel = "ID", description = "Only the alerts of this device (its device.guid).")
    String device;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Instant from = since == null ? null : parseSince(since);
        ServerConfig config = options.load();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        ExportTally tally = new ExportTally();
        ReviewedAlerts.Counts counts;
        try (Database database = Database.open(config.postgres(), System::getenv, () -> false)) {
            ReviewedAlerts alerts = new ReviewedAlerts(database.dataSource(), from, device);
            counts = alerts.count();
            ClassFolders folders = ClassFolders.create(out);
            long[] lastReport = {System.nanoTime()};
            try (Manifest manifest = Manifest.start(out)) {
                alerts.forEach(alert -> {
                    ClassFolders.Written written = folders.write(alert);
                    String className = ClassFolders.classOf(alert.review());
                    tally.add(written.outcome(), className);
                    switch (written.outcome()) {
                        case CONFLICT ->
                            stderr.println("warning: alert " + alert.id() + " left out: " + written.file()
                                    + " holds another picture, which is kept");
                        case UNREADABLE ->
                            stderr.println("warning: alert " + alert.id()
                                    + " left out: its face image is no picture an image reader knows");
                        default -> manifest.add(alert, className, out.relativize(written.file()));
                    }
                    if (System.nanoTime() - lastReport[0] > PROGRESS_NANOS) {
                        stderr.println("export-reviewed: " + tally.done() + " of " + counts.reviewed() + " alerts");
                        stderr.flush();
                        lastReport[0] = System.nanoTime();
                    }
                });
                manifest.complete();
            }
            // Face crops leave the archive: who took how many, and where, goes in the audit log.
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("out", out.toAbsolutePath().toString());
            detail.put("since", from == null ? null : from.toString());
            detail.put("device", device);
            new AuditLog(database.dataSource(), Clock.systemUTC())
                    .record(System.getProperty("user.name"), AuditAction.EXPORT, tally.done(), null, detail);
        }
        tally.report(stdout, out, counts);
        if (tally.conflicts() > 0) {
            throw new UserError(tally.conflicts() + " alert(s) left out: files of their names in " + out + " hold other"
                    + " pictures (an export from another archive?); export into an empty folder, or move those"
                    + " files away and run it again");
        }
        return tally.unreadable() > 0 ? ExitStatus.WARNINGS : ExitStatus.OK;
    }

    /** ISO-8601 instant, date-time with an offset, date-time (UTC) or date (its midnight, UTC). */
    static Instant parseSince(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notDateTime) {
                try {
                    return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new UserError("--since: '" + text + "' is no ISO-8601 date or time; write 2024-03-01"
                            + " (midnight UTC), 2024-03-01T08:00:00Z or 2024-03-01T09:00+01:00");
                }
            }
        }
    }
}
