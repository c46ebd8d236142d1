package io.maskwatch.app.chaos;

import io.maskwatch.core.image.SyntheticJpeg;
import io.maskwatch.devstack.DevSmtp;
import io.maskwatch.devstack.EmbeddedKafka;
import io.maskwatch.devstack.EmbeddedPostgresServer;
import io.maskwatch.edge.store.DeviceInfo;
import io.maskwatch.edge.store.EventOrigin;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.ModelInfo;
import io.maskwatch.vision.event.FaceEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code maskwatch chaos}: the fault run, kept as a command. Events go from a SQLite store through
 * a dispatcher, Kafka, an ingress, PostgreSQL and a notifier to an SMTP server, while each part is
 * killed or taken away at random moments; at the end it counts what was lost and what was doubled.
 */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description = {
            "The delivery chain under faults, on this machine. The dispatcher, ingress and notifier run as their own"
                    + " processes ('maskwatch dispatch | ingress | notify'); a KRaft broker, PostgreSQL and an SMTP sink"
                    + " run in this one. While --events events are written into the device store, at random moments"
                    + " one part is killed (kill -9 of a process, then a restart) or taken away for a few seconds (the"
                    + " broker, PostgreSQL, the SMTP server).",
            "A service that exits without being killed is restarted, as systemd's Restart=on-failure would, and"
                    + " counted with its last warnings: a service is meant to wait out an outage, not to end.",
            "At the end it waits for the chain to drain and prints events lost, archive rows doubled, emails missing"
                    + " and emails doubled, and the services that exited by themselves (with the last warnings of each"
                    + " service's log when anything went wrong). Exit 1 when an event was lost or a row doubled.",
            ""
        })
public final class ChaosCommand implements Callable<Integer> {
    private static final DeviceInfo DEVICE = new DeviceInfo(
            "chaos-device", "c4a05000-0000-4000-8000-000000000001", "2020-01-01 10:00:00", "2020-08-20 07:00:00", 0, 0);
    private static final ModelInfo FACE = new ModelInfo("yunet", "face-model", 0.6);
    private static final ModelInfo MASK = new ModelInfo("mask", "mask-model", 0.5);

    @Option(
            names = "--events",
            defaultValue = "10000",
            description = "Events to drive through (default ${DEFAULT-VALUE}).")
    int events;

    @Option(
            names = "--rate",
            defaultValue = "100",
            description = "Events written per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--faults-every",
            defaultValue = "6",
            description = "Mean seconds between two faults (default ${DEFAULT-VALUE}).")
    double faultsEvery;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Random seed of the fault schedule (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--drain-minutes",
            defaultValue = "10",
            description =
                    "How long the chain may take to deliver everything after the last event (default ${DEFAULT-VALUE}).")
    int drainMinutes;

    @Option(names = "--dir", paramLabel = "DIR", description = "Work folder (default: a new temporary folder).")
    Path dir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("maskwatch-chaos");
        Random random = new Random(seed);
        FaultLog faults = new FaultLog();
        long start = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(null);
                EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("pg"), 0);
                DevSmtp smtp = DevSmtp.start(0);
                EventStore store = EventStore.open(work.resolve("device.db"))) {
            createArchive(postgres);
            Path edge = writeEdgeConfig(work, kafka);
            Path server = writeServerConfig(work, kafka, postgres, smtp);
            try (ServiceProcess dispatcher =
                            ServiceProcess.start(work, "dispatch", "dispatch", "--config", edge.toString());
                    ServiceProcess ingress =
                            ServiceProcess.start(work, "ingress", "ingress", "--config", server.toString());
                    ServiceProcess notifier =
                            ServiceProcess.start(work, "notify", "notify", "--config", server.toString())) {
                out.printf(
                        Locale.ROOT,
                        "chaos: %,d events at %d/s, a fault every ~%.0f s (seed %d); work folder %s%n",
                        events,
                        rate,
                        faultsEvery,
                        seed,
                        work);
                List<Fault> all = List.of(
                        Fault.kill("dispatcher", dispatcher),
                        Fault.kill("ingress", ingress),
                        Fault.kill("notifier", notifier),
                        Fault.away("broker", kafka::stopBroker, kafka::restartBroker),
                        Fault.away("PostgreSQL", postgres::stop, postgres::restart),
                        Fault.away("SMTP server", smtp::stop, smtp::restart));
                Supervisor supervisor = new Supervisor(List.of(dispatcher, ingress, notifier), faults, out);
                Set<UUID> written = writeEventsUnderFaults(store, all, random, faults, supervisor, out);
                out.printf(
                        Locale.ROOT,
                        "all %,d events written; faults: %s; waiting for the chain to drain%n",
                        events,
                        faults);
                ChainCount outcome =
                        drain(store, postgres, smtp, written, supervisor, Duration.ofMinutes(drainMinutes));
                out.printf(
                        Locale.ROOT,
                        "chaos result after %.0f s: events %,d; lost %d; archive rows doubled %d; emails %,d for %,d"
                                + " alerts: missing %d, doubled %d, failed deliveries %d; unsent in the device store %d%n",
                        (System.nanoTime() - start) / 1e9,
                        written.size(),
                        outcome.lost,
                        outcome.rowsDoubled,
                        outcome.emails,
                        outcome.alerts,
                        outcome.emailsMissing,
                        outcome.emailsDoubled,
                        outcome.failedDeliveries,
                        outcome.unsent);
                out.printf(Locale.ROOT, "services that exited by themselves: %d%n", supervisor.exits());
                boolean passed = outcome.lost == 0 && outcome.rowsDoubled == 0;
                if (!passed || supervisor.exits() > 0) {
                    supervisor.printWarnings();
                }
                return passed ? 0 : 1;
            }
        }
    }

    /** Writes the events at the configured rate; a fault is started or ended at random moments meanwhile. */
    private Set<UUID> writeEventsUnderFaults(
            EventStore store, List<Fault> all, Random random, FaultLog faults, Supervisor supervisor, PrintWriter out)
            throws Exception {
        Set<UUID> written = new HashSet<>();
        long next = System.nanoTime();
        long nextFault = System.nanoTime() + pause(random);
        Fault current = null;
        long currentEnds = 0;
        for (int i = 0; i < events; i++) {
            UUID id = UUID.randomUUID();
            store.append(event(i, id), new EventOrigin(DEVICE, FACE, MASK));
            written.add(id);
            supervisor.restartWhatExited();
            next += 1_000_000_000L / rate;
            long now = System.nanoTime();
            if (current != null && now >= currentEnds) {
                current.end();
                current = null;
                nextFault = now + pause(random);
            } else if (current == null && now >= nextFault) {
                current = all.get(random.nextInt(all.size()));
                current.begin();
                faults.count(current.name());
                currentEnds =
                        now + Duration.ofMillis(500 + random.nextInt(7_500)).toNanos();
            }
            if ((i + 1) % 1000 == 0) {
                out.printf(Locale.ROOT, "  %,d events written%n", i + 1);
                out.flush();
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        if (current != null) {
            current.end();
        }
        return written;
    }

    private long pause(Random random) {
        return (long) (-Math.log(1 - random.nextDouble()) * faultsEvery * 1e9);
    }

    private static FaceEvent event(int i, UUID id) {
        return new FaceEvent(
                id,
                Instant.now(),
                "chaos-cam",
                i,
                10,
                10,
                90,
                110,
                0.9,
                "jpeg",
                16,
                16,
                SyntheticJpeg.ofSize(3_000, i),
                200,
                false);
    }

    /** Waits until every event is archived and emailed (or the time is up), then counts. */
    private static ChainCount drain(
            EventStore store,
            EmbeddedPostgresServer postgres,
            DevSmtp smtp,
            Set<UUID> written,
            Supervisor supervisor,
            Duration limit)
            throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        ChainCount outcome;
        do {
            Thread.sleep(2_000);
            supervisor.restartWhatExited();
            outcome = ChainCount.of(store, postgres, smtp, written);
        } while ((outcome.lost > 0 || outcome.emailsMissing > 0 || outcome.unsent > 0) && System.nanoTime() < deadline);
        return outcome;
    }

    private static void createArchive(EmbeddedPostgresServer postgres) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE maskwatch");
        }
    }

    private static Path writeEdgeConfig(Path work, EmbeddedKafka kafka) throws IOException {
        return Files.writeString(work.resolve("edge.yaml"), """
                device: {guid: %s, type: %s, enrolled_on: "%s"}
                store: {path: %s}
                kafka: {bootstrap_servers: "%s"}
                topics: {alerts: chaos-alerts}
                """.formatted(
                        DEVICE.guid(),
                        DEVICE.type(),
                        DEVICE.enrolledOn(),
                        work.resolve("device.db"),
                        kafka.bootstrapServers()));
    }

    private static Path writeServerConfig(Path work, EmbeddedKafka kafka, EmbeddedPostgresServer postgres, DevSmtp smtp)
            throws IOException {
        return Files.writeString(work.resolve("server.yaml"), """
                kafka: {bootstrap_servers: "%s"}
                topics: {alerts: chaos-alerts, to_notify: chaos-notify}
                postgres: {url: "%s", user: postgres}
                smtp: {host: 127.0.0.1, port: %d, tls: none, from: "MaskWatch <chaos@localhost>", timeout_seconds: 5}
                recipients:
                  - {name: Chaos, email: chaos@localhost, time_zone: UTC}
                flood_control: {max_emails: 1000000, window_seconds: 60}
                """.formatted(
                        kafka.bootstrapServers(), ChainCount.archiveUrl(postgres), smtp.port()));
    }
}
