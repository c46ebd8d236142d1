package io.maskwatch.server.ops;

import io.maskwatch.core.ops.Health;
import io.maskwatch.core.ops.ProcessOps;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.db.DatabaseHealth;
import io.maskwatch.server.ingress.IngressService;
import io.maskwatch.server.kafka.KafkaClients;
import io.maskwatch.server.notify.NotifierService;
import io.maskwatch.server.privacy.ArchiveRetention;
import io.maskwatch.server.telemetry.TelemetryService;
import io.maskwatch.server.web.devices.DeviceRepository;
import io.micrometer.core.instrument.FunctionCounter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What a server process adds to its {@link ProcessOps}: each service's counts (function counters
 * over what the services already count), the pool's meters and the readiness check {@code
 * postgres}, Kafka's client meters, and the devices' last reports. Meters are named {@code
 * maskwatch_...} (docs/operations.md lists them).
 */
public final class ServerOps {
    /** The default ports of the standalone commands' endpoint (each may run beside the other). */
    public static final int INGRESS_PORT = 9466;

    public static final int NOTIFY_PORT = 9467;

    private final ProcessOps ops;
    /** What function counters read: held here, as Micrometer holds them only weakly. */
    private final List<Object> watched = new ArrayList<>();

    public ServerOps(ProcessOps ops) {
        this.ops = ops;
        // Until the pool is open (a service waits for PostgreSQL at start), the process is not ready.
        ops.health()
                .add(
                        DatabaseHealth.CHECK,
                        () -> Health.Status.down("PostgreSQL not reached yet: waiting for it at start"));
    }

    public ProcessOps process() {
        return ops;
    }

    /** The pool's meters, and readiness while PostgreSQL hands out a working connection. */
    public void watch(Database database) {
        database.bindMetrics(ops.registry());
        ops.health().add(DatabaseHealth.CHECK, new DatabaseHealth(database.dataSource(), database.url()));
    }

    /** The clients' own meters: requests, errors, and for consumers the lag per partition. */
    public KafkaClients observe(KafkaClients kafka) {
        return kafka.observedBy(ops);
    }

    public void watch(IngressService ingress) {
        counter(
                "maskwatch.ingress.alerts.archived",
                "Alerts archived in PostgreSQL (new ones; copies not counted)",
                ingress,
                IngressService::storedCount);
        counter(
                "maskwatch.ingress.duplicates",
                "Alerts that came again and were already archived (by UUID)",
                ingress,
                IngressService::duplicateCount);
        deadLetters("ingress", ingress, IngressService::deadLetterCount);
        failedPolls("ingress", ingress, IngressService::failedPollCount);
        ops.health().add("consumer:ingress", ingress::consumerHealth);
    }

    public void watch(TelemetryService telemetry) {
        counter(
                "maskwatch.telemetry.counts",
                "Compliance count messages kept (copies of a minute included)",
                telemetry,
                TelemetryService::storedCounts);
        counter(
                "maskwatch.telemetry.heartbeats",
                "Heartbeat messages handled",
                telemetry,
                TelemetryService::storedHeartbeats);
        deadLetters("telemetry", telemetry, TelemetryService::deadLetterCount);
        failedPolls("telemetry", telemetry, TelemetryService::failedPollCount);
        ops.health().add("consumer:telemetry", telemetry::consumerHealth);
    }

    public void watch(NotifierService notifier) {
        counter(
                "maskwatch.emails.sent",
                "Emails the SMTP server accepted (alerts and digests)",
                notifier,
                NotifierService::emailsSent);
        counter(
                "maskwatch.emails.failed",
                "Emails the SMTP server refused for good (their deliveries failed)",
                notifier,
                NotifierService::emailsFailed);
        counter(
                "maskwatch.alerts.held",
                "Alerts flood control held for a digest, per recipient",
                notifier,
                NotifierService::alertsHeld);
        deadLetters("notifier", notifier, NotifierService::deadLetters);
        failedPolls("notifier", notifier, NotifierService::failedPollCount);
        ops.health().add("consumer:notifier", notifier::consumerHealth);
    }

    /** What retention deleted from the archive (each run that deletes anything is also audited). */
    public void watch(ArchiveRetention retention) {
        counter(
                "maskwatch.retention.images.deleted",
                "Alert face images deleted after retention.image_days",
                retention,
                ArchiveRetention::imagesDeleted);
        counter(
                "maskwatch.retention.alerts.deleted",
                "Alerts deleted, with their images and deliveries, after retention.alert_days",
                retention,
                ArchiveRetention::alertsDeleted);
    }

    /**
     * Each device's last report (heartbeat or event) and its backlog at its last heartbeat, as the
     * dashboard's devices page shows them, read every {@link DeviceGauges#EVERY}: a device behind a
     * firewall, which no Prometheus scrapes, still shows as silent.
     */
    public void watchDevices(Database database, Duration staleAfter) {
        new DeviceGauges(new DeviceRepository(database.dataSource(), staleAfter, Clock.systemUTC()), ops).start();
    }

    private <T> void deadLetters(String service, T source, ToDoubleFunction<T> count) {
        perService(
                "maskwatch.dead.letters",
                "Messages set aside on a dead-letter topic (<topic>.dlq, the reason in its headers)",
                service,
                source,
                count);
    }

    private <T> void failedPolls(String service, T source, ToDoubleFunction<T> count) {
        perService(
                "maskwatch.consumer.poll.failures",
                "Polls of a Kafka consumer that failed in a way the client does not retry by itself;"
                        + " the member waited and polled again",
                service,
                source,
                count);
    }

    /** A counter each consuming service has, told apart by its {@code service} tag. */
    private <T> void perService(String name, String description, String service, T source, ToDoubleFunction<T> count) {
        watched.add(source);
        FunctionCounter.builder(name, source, count)
                .description(description)
                .tag("service", service)
                .register(ops.registry());
    }

    private <T> void counter(String name, String description, T source, ToDoubleFunction<T> count) {
        watched.add(source);
        FunctionCounter.builder(name, source, count).description(description).register(ops.registry());
    }
}
