package io.maskwatch.app.privacy;

import io.maskwatch.app.CommandGroup;
import io.maskwatch.app.UserError;
import io.maskwatch.app.delivery.ServerOptions;
import io.maskwatch.server.config.ServerConfig;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.privacy.AlertDeletion;
import io.maskwatch.server.privacy.AuditLog;
import io.maskwatch.server.privacy.DeletionCriteria;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code maskwatch alerts}: what an operator does to archived alerts by hand. */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        description = "Act on archived alerts by hand (deletion on request).",
        subcommands = {AlertsCommand.Delete.class})
public final class AlertsCommand extends CommandGroup {

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = {
                "Deletes alerts from the archive on request (a person asks for their data to go, an alert"
                        + " raised by mistake): each with its face image and delivery records, in one transaction,"
                        + " and writes one audit record with who (--by), when, how many, why (--reason) and the"
                        + " criteria. Name the alerts by --id, or by --device, --source, --from and --to together.",
                "",
                "Example: maskwatch alerts delete --config server.yaml --id 4711 --reason \"subject access request 12\"",
                "         maskwatch alerts delete --config server.yaml --device cam-hall --from 2026-11-01T00:00:00Z"
                        + " --to 2026-11-02T00:00:00Z --reason \"camera pointed at the street\" --dry-run",
                ""
            })
    public static final class Delete implements Callable<Integer> {
        @Mixin
        ServerOptions options = new ServerOptions();

        @Option(names = "--id", paramLabel = "ID", description = "An alert's id (the dashboard's); repeatable.")
        List<Long> ids = new ArrayList<>();

        @Option(names = "--device", paramLabel = "DEVICE", description = "The alerts of this device id.")
        String device;

        @Option(names = "--source", paramLabel = "SOURCE", description = "The alerts of this camera or stream.")
        String source;

        @Option(
                names = "--from",
                paramLabel = "INSTANT",
                description = "Alerts seen at or after this ISO-8601 instant (2026-11-01T00:00:00Z).")
        String from;

        @Option(names = "--to", paramLabel = "INSTANT", description = "Alerts seen before this ISO-8601 instant.")
        String to;

        @Option(
                names = "--reason",
                required = true,
                paramLabel = "TEXT",
                description = "Why they are deleted; kept in the audit log.")
        String reason;

        @Option(
                names = "--by",
                paramLabel = "NAME",
                defaultValue = "${sys:user.name}",
                description = "Who asks for it, for the audit log (default: this user, ${DEFAULT-VALUE}).")
        String by;

        @Option(names = "--dry-run", description = "Only say how many alerts would go; delete nothing, audit nothing.")
        boolean dryRun;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            DeletionCriteria criteria = criteria();
            if (reason.isBlank()) {
                throw new UserError("--reason is empty; say why the alerts are deleted (it is kept in the audit log)");
            }
            ServerConfig config = options.load();
            var out = spec.commandLine().getOut();
            try (Database database = Database.open(config.postgres(), System::getenv, () -> false)) {
                AlertDeletion deletion = new AlertDeletion(
                        database.dataSource(), new AuditLog(database.dataSource(), Clock.systemUTC()));
                if (dryRun) {
                    out.println(deletion.count(criteria) + " alert(s) match " + criteria.describe()
                            + "; nothing deleted (--dry-run)");
                    return 0;
                }
                AlertDeletion.Deleted deleted =
                        deletion.delete(criteria, by, reason.trim(), Map.of("via", "maskwatch alerts delete"));
                out.println("Deleted " + deleted.alerts() + " alert(s) with " + deleted.images() + " image(s) and "
                        + deleted.deliveries() + " delivery record(s); audit record " + deleted.auditId());
            }
            return 0;
        }

        private DeletionCriteria criteria() {
            boolean filters = device != null || source != null || from != null || to != null;
            if (ids.isEmpty() && !filters) {
                throw new UserError(
                        "name the alerts to delete: --id ID (repeatable), or --device, --source, --from" + " and --to");
            }
            if (!ids.isEmpty() && filters) {
                throw new UserError("give either --id or --device/--source/--from/--to, not both: the ids alone name"
                        + " the alerts");
            }
            Optional<Instant> start = instant("--from", from);
            Optional<Instant> end = instant("--to", to);
            if (start.isPresent() && end.isPresent() && !start.get().isBefore(end.get())) {
                throw new UserError("--from " + from + " is not before --to " + to + ": no alert lies between");
            }
            return new DeletionCriteria(ids, Optional.ofNullable(device), Optional.ofNullable(source), start, end);
        }

        private static Optional<Instant> instant(String flag, String value) {
            if (value == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(Instant.parse(value));
            } catch (DateTimeParseException e) {
                throw new UserError(
                        flag + ": expected an ISO-8601 instant such as 2026-11-01T00:00:00Z, got '" + value + "'");
            }
        }
    }
}
