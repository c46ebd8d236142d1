package io.maskwatch.app.delivery;

import io.maskwatch.app.MaskWatch;
import io.maskwatch.core.image.SyntheticJpeg;
import io.maskwatch.devstack.DevSmtp;
import io.maskwatch.devstack.EmbeddedKafka;
import io.maskwatch.devstack.EmbeddedPostgresServer;
import io.maskwatch.edge.store.DeviceInfo;
import io.maskwatch.edge.store.EventOrigin;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.ModelInfo;
import io.maskwatch.vision.event.FaceEvent;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern ALERT_ID = Pattern.compile("Alert #(\\d+)$");

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
            try (ChildProcess dispatcher =
                            ChildProcess.start(work, "dispatch", "dispatch", "--config", edge.toString());
                    ChildProcess ingress =
                            ChildProcess.start(work, "ingress", "ingress", "--config", server.toString());
                    ChildProcess notifier =
                            ChildProcess.start(work, "notify", "notify", "--config", server.toString())) {
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
                Outcome outcome = drain(store, postgres, smtp, written, supervisor, Duration.ofMinutes(drainMinutes));
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
                faults.count(current.name);
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
    private static Outcome drain(
            EventStore store,
            EmbeddedPostgresServer postgres,
            DevSmtp smtp,
            Set<UUID> written,
            Supervisor supervisor,
            Duration limit)
            throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Outcome outcome;
        do {
            Thread.sleep(2_000);
            supervisor.restartWhatExited();
            outcome = count(store, postgres, smtp, written);
        } while ((outcome.lost > 0 || outcome.emailsMissing > 0 || outcome.unsent > 0) && System.nanoTime() < deadline);
        return outcome;
    }

    private static Outcome count(EventStore store, EmbeddedPostgresServer postgres, DevSmtp smtp, Set<UUID> written)
            throws Exception {
        Outcome o = new Outcome();
        o.unsent = store.countUnsent();
        Map<Long, UUID> alertIds = new HashMap<>();
        long rows = 0;
        try (Connection c = DriverManager.getConnection(archiveUrl(postgres), "postgres", "");
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, event_uuid FROM alert")) {
                while (rs.next()) {
                    rows++;
                    alertIds.put(rs.getLong(1), UUID.fromString(rs.getString(2)));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM alert_delivery WHERE status = 'failed'")) {
                rs.next();
                o.failedDeliveries = rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            // The archive was away this moment: count again at the next round.
            o.lost = written.size();
            o.emailsMissing = written.size();
            return o;
        }
        Set<UUID> archived = new HashSet<>(alertIds.values());
        archived.retainAll(written);
        o.lost = written.size() - archived.size();
        o.rowsDoubled = rows - alertIds.values().stream().distinct().count();
        o.alerts = alertIds.size();
        Map<Long, Integer> emailsPerAlert = new HashMap<>();
        for (MimeMessage m : smtp.received()) {
            Long id = alertId(m);
            if (id != null) {
                emailsPerAlert.merge(id, 1, Integer::sum);
                o.emails++;
            }
        }
        o.emailsMissing = alertIds.keySet().stream()
                        .filter(id -> !emailsPerAlert.containsKey(id))
                        .count()
                - o.failedDeliveries;
        o.emailsDoubled = emailsPerAlert.values().stream().mapToLong(n -> n - 1).sum();
        return o;
    }

    private static Long alertId(MimeMessage message) {
        try {
            Matcher m = ALERT_ID.matcher(message.getSubject());
            return m.find() ? Long.parseLong(m.group(1)) : null;
        } catch (MessagingException e) {
            return null;
        }
    }

    private static String archiveUrl(EmbeddedPostgresServer postgres) {
        return postgres.jdbcUrl().replaceAll("/postgres$", "/maskwatch");
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
                        kafka.bootstrapServers(), archiveUrl(postgres), smtp.port()));
    }

    private static final class Outcome {
        long lost;
        long rowsDoubled;
        long alerts;
        long emails;
        long emailsMissing;
        long emailsDoubled;
        long failedDeliveries;
        long unsent;
    }

    /**
     * Restarts a service that exited without being killed, as systemd's {@code Restart=on-failure}
     * does in production, and counts it: a service is meant to wait out an outage, not to end.
     */
    private static final class Supervisor {
        private final List<ChildProcess> children;
        private final FaultLog faults;
        private final PrintWriter out;
        private int exits;

        Supervisor(List<ChildProcess> children, FaultLog faults, PrintWriter out) {
            this.children = children;
            this.faults = faults;
            this.out = out;
        }

        void restartWhatExited() throws IOException {
            for (ChildProcess child : children) {
                Integer status = child.exitedByItself();
                if (status != null) {
                    exits++;
                    faults.count(child.name + " exited by itself");
                    out.printf(
                            Locale.ROOT,
                            "  %s exited by itself with status %d; restarted. Its last warnings:%n%s",
                            child.name,
                            status,
                            child.lastWarnings(8));
                    out.flush();
                    child.restart();
                }
            }
        }

        int exits() {
            return exits;
        }

        /** What each service warned of, so that a failed run says why without its work folder. */
        void printWarnings() throws IOException {
            for (ChildProcess child : children) {
                out.printf(
                        Locale.ROOT, "last warnings of %s (%s):%n%s", child.name, child.log(), child.lastWarnings(15));
            }
        }
    }

    /** How many faults of each kind were made. */
    private static final class FaultLog {
        private final Map<String, Integer> counts = new java.util.TreeMap<>();

        void count(String name) {
            counts.merge(name, 1, Integer::sum);
        }

        @Override
        public String toString() {
            return counts.toString();
        }
    }

    /** One kind of fault: begun, then ended a few seconds later. */
    private record Fault(String name, Action start, Action stop) {
        interface Action {
            void run() throws Exception;
        }

        static Fault kill(String name, ChildProcess process) {
            return new Fault(name + " kill -9", process::kill, process::restart);
        }

        static Fault away(String name, Action stop, Action start) {
            return new Fault(name + " away", stop, start);
        }

        void begin() throws Exception {
            start.run();
        }

        void end() throws Exception {
            stop.run();
        }
    }

    /** A {@code maskwatch} command in a process of its own, with the running JVM's class path. */
    static final class ChildProcess implements AutoCloseable {
        private final Path work;
        private final String name;
        private final String[] args;
        private Process process;
        private boolean killed;

        private ChildProcess(Path work, String name, String[] args) {
            this.work = work;
            this.name = name;
            this.args = args;
        }

        static ChildProcess start(Path work, String name, String... args) throws IOException {
            ChildProcess child = new ChildProcess(work, name, args);
            child.restart();
            return child;
        }

        synchronized void restart() throws IOException {
            if (process != null && process.isAlive()) {
                return;
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx256m");
            command.add("-XX:+ExitOnOutOfMemoryError"); // as the launchers run the services
            command.add(MaskWatch.class.getName());
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command);
            // The class path through the environment: a long -cp crashes ONNX Runtime's start-up.
            builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
            builder.redirectErrorStream(true);
            builder.redirectOutput(
                    ProcessBuilder.Redirect.appendTo(work.resolve(name + ".log").toFile()));
            process = builder.start();
            killed = false;
        }

        /** The exit status of a process that ended without {@link #kill()}, else null. */
        synchronized Integer exitedByItself() {
            return process != null && !killed && !process.isAlive() ? process.exitValue() : null;
        }

        Path log() {
            return work.resolve(name + ".log");
        }

        /** The last WARN and ERROR lines of its log, with the exceptions under them (not their frames). */
        String lastWarnings(int count) throws IOException {
            if (!Files.exists(log())) {
                return "    (no log)\n";
            }
            List<String> warnings = new ArrayList<>();
            boolean inWarning = false;
            for (String line : Files.readAllLines(log(), java.nio.charset.StandardCharsets.UTF_8)) {
                boolean header = line.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d+ .*");
                if (header) {
                    inWarning = line.contains(" WARN ") || line.contains(" ERROR ");
                }
                boolean frame = line.startsWith("\tat ") || line.startsWith("\t...");
                if (!frame && (inWarning || line.startsWith("Exception in thread") || line.startsWith("error:"))) {
                    warnings.add("    " + (line.length() > 300 ? line.substring(0, 300) + "..." : line));
                }
            }
            List<String> last = warnings.subList(Math.max(0, warnings.size() - count), warnings.size());
            return last.isEmpty() ? "    (none)\n" : String.join("\n", last) + "\n";
        }

        /** kill -9: no shutdown hook runs, nothing is flushed or committed. */
        synchronized void kill() throws InterruptedException {
            if (process != null) {
                killed = true;
                process.destroyForcibly();
                process.waitFor();
            }
        }

        @Override
        public synchronized void close() throws InterruptedException {
            if (process != null) {
                process.destroy();
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
