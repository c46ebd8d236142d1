package io.maskwatch.app.delivery;

import io.maskwatch.server.config.ServerConfig;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.ingress.IngressService;
import io.maskwatch.server.kafka.KafkaClients;
import io.maskwatch.server.notify.NotifierService;
import io.maskwatch.server.privacy.ArchiveRetention;
import io.maskwatch.server.telemetry.TelemetryService;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code maskwatch server}: ingress and notifier in one process. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the ingress (with the devices' compliance counts and heartbeats) and the notifier in one process,"
                    + " sharing one PostgreSQL pool. Same configuration as 'maskwatch ingress' and 'maskwatch notify',"
                    + " which run them alone.",
            "At start and every hour, deletes face images older than retention.image_days (90) and alerts older"
                    + " than retention.alert_days (365), each with an audit record.",
            ""
        })
public final class ServerCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options = new ServerOptions();

    @Override
    public Integer call() {
        ServerConfig config = options.load();
        RunUntilStopped run = new RunUntilStopped();
        start(config, run);
        return run.await("Server (ingress + notifier)");
    }

    /** Wires ingress, telemetry and notifier onto one pool; what dev-stack starts too. */
    static void start(ServerConfig config, RunUntilStopped run) {
        KafkaClients kafka = ServerOptions.kafka(config);
        Database database = run.closeAtEnd(ServerOptions.database(config));
        IngressService ingress =
                run.closeAtEnd(new IngressService(kafka, config.topics(), database.dataSource(), "server"));
        TelemetryService telemetry =
                run.closeAtEnd(new TelemetryService(kafka, config.topics(), database.dataSource(), "server"));
        NotifierService notifier =
                run.closeAtEnd(new NotifierService(config, kafka, database.dataSource(), System::getenv));
        ingress.start();
        telemetry.start();
        notifier.start();
        ArchiveRetention.start(database.dataSource(), config.retention(), Clock.systemUTC())
                .ifPresent(run::closeAtEnd);
    }
}
