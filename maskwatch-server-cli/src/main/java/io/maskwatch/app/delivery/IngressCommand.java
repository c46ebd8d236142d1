package io.maskwatch.app.delivery;

import io.maskwatch.server.ingress.IngressService;
import io.maskwatch.server.kafka.KafkaClients;
import io.maskwatch.server.ops.ServerOps;
import io.maskwatch.server.privacy.ArchiveRetention;
import io.maskwatch.server.telemetry.TelemetryService;
import java.time.Clock;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code maskwatch ingress}: events topic to PostgreSQL. */
@Command(
        name = "ingress",
        mixinStandardHelpOptions = true,
        description = {
            "Consumes the events topic (topics.alerts, default alert-topic) in the consumer group"
                    + " maskwatch-ingress and archives each batch in PostgreSQL in one transaction (devices and"
                    + " models upserted, image and alert inserted, events already archived skipped by UUID),"
                    + " then announces the new alert ids on topics.to_notify (default to-notify-topic).",
            "Beside it, in the consumer group maskwatch-telemetry, keeps the devices' per-minute compliance counts"
                    + " (topics.compliance, default maskwatch-compliance) in compliance_minute and their heartbeats"
                    + " (topics.heartbeats, default maskwatch-heartbeats) in the device rows.",
            "Messages that cannot be decoded or that break the schema go to <topic>.dlq with the reason in"
                    + " their headers. Run several to share the partitions. Creates/migrates the schema (Flyway).",
            "At start and every hour, deletes face images older than retention.image_days (90) and alerts older"
                    + " than retention.alert_days (365), as 'maskwatch server' does.",
            "Serves /metrics and /health on ops.bind:ops.port (default 127.0.0.1:9466; ops.port: 0 turns it off);"
                    + " not ready while PostgreSQL is unreachable.",
            ""
        })
public final class IngressCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options = new ServerOptions();

    @Option(
            names = "--instance",
            paramLabel = "NAME",
            defaultValue = "1",
            description = "Name of this instance in client ids (default ${DEFAULT-VALUE}).")
    String instance;

    @Override
    public Integer call() {
        ServerOptions.Started s = options.start(ServerOps.INGRESS_PORT);
        KafkaClients kafka = s.kafka();
        DataSource dataSource = s.database().dataSource();
        IngressService ingress =
                s.run().closeAtEnd(new IngressService(kafka, s.config().topics(), dataSource, instance));
        TelemetryService telemetry =
                s.run().closeAtEnd(new TelemetryService(kafka, s.config().topics(), dataSource, instance));
        s.ops().watch(ingress);
        s.ops().watch(telemetry);
        s.ops().watchDevices(s.database(), s.config().dashboard().deviceStaleAfter());
        ingress.start();
        telemetry.start();
        ArchiveRetention.start(dataSource, s.config().retention(), Clock.systemUTC())
                .map(s.run()::closeAtEnd)
                .ifPresent(s.ops()::watch);
        return s.run().await("Ingress");
    }
}
