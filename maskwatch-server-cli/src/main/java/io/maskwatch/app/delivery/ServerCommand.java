package io.maskwatch.app.delivery;

import io.maskwatch.core.ops.ProcessOps;
import io.maskwatch.server.config.ServerConfig;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.ingress.IngressService;
import io.maskwatch.server.kafka.KafkaClients;
import io.maskwatch.server.notify.NotifierService;
import io.maskwatch.server.ops.ServerOps;
import io.maskwatch.server.privacy.ArchiveRetention;
import io.maskwatch.server.telemetry.TelemetryService;
import io.maskwatch.server.web.DashboardServer;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code maskwatch server}: ingress, notifier and dashboard in one process. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the ingress (with the devices' compliance counts and heartbeats), the notifier and the web dashboard in one process, sharing one PostgreSQL pool."
                    + " Same configuration as 'maskwatch ingress' and 'maskwatch notify', which run the first two"
                    + " alone.",
            "The dashboard (alerts, review, compliance, devices) listens on dashboard.bind:dashboard.port"
                    + " (127.0.0.1:8080 by default; its address is logged at start) for the users of"
                    + " dashboard.users, whose password hashes 'maskwatch users hash-password' makes;"
                    + " dashboard.enabled: false leaves it out.",
            "At start and every hour, deletes face images older than retention.image_days (90) and alerts older"
                    + " than retention.alert_days (365), each with an audit record.",
            "/metrics and /health are served on the dashboard (no login); with dashboard.enabled: false, on"
                    + " ops.bind:ops.port (default 127.0.0.1:9466).",
            ""
        })
public final class ServerCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options = new ServerOptions();

    @Override
    public Integer call() {
        ServerConfig config = options.load();
        RunUntilStopped run = new RunUntilStopped();
        startOrClose(config, run);
        return run.await("Server (ingress + notifier + dashboard)");
    }

    /**
     * Wires dashboard, ingress (events, counts, heartbeats) and notifier onto one pool (what dev-stack starts too); when any of
     * them cannot start, closes what did and rethrows. The dashboard starts first: it needs only
     * PostgreSQL, so a busy port is reported before the broker check, which can wait 14 s.
     */
    static Optional<DashboardServer> startOrClose(ServerConfig config, RunUntilStopped run) {
        try {
            ServerOps ops = new ServerOps(run.closeAtEnd(new ProcessOps()));
            if (!config.dashboard().enabled()) {
                // Otherwise the dashboard serves /metrics and /health.
                ops.process().serve(config.ops(), ServerOps.INGRESS_PORT);
            }
            Database database = run.closeAtEnd(ServerOptions.database(config));
            ops.watch(database);
            Optional<DashboardServer> dashboard = ServerDashboard.start(config, database, run, ops.process());
            KafkaClients kafka = ops.observe(ServerOptions.kafka(config));
            IngressService ingress =
                    run.closeAtEnd(new IngressService(kafka, config.topics(), database.dataSource(), "server"));
            TelemetryService telemetry =
                    run.closeAtEnd(new TelemetryService(kafka, config.topics(), database.dataSource(), "server"));
            NotifierService notifier =
                    run.closeAtEnd(new NotifierService(config, kafka, database.dataSource(), System::getenv));
            ops.watch(ingress);
            ops.watch(telemetry);
            ops.watch(notifier);
            ops.watchDevices(database, config.dashboard().deviceStaleAfter());
            ingress.start();
            telemetry.start();
            notifier.start();
            ArchiveRetention.start(database.dataSource(), config.retention(), Clock.systemUTC())
                    .map(run::closeAtEnd)
                    .ifPresent(ops::watch);
            return dashboard;
        } catch (RuntimeException e) {
            run.closeAfterFailedStart();
            throw e;
        }
    }
}
