package io.maskwatch.app.delivery;

import io.maskwatch.app.UserError;
import io.maskwatch.core.CacheDirectory;
import io.maskwatch.devstack.DevSmtp;
import io.maskwatch.devstack.EmbeddedKafka;
import io.maskwatch.devstack.EmbeddedPostgresServer;
import io.maskwatch.server.config.DashboardSettings;
import io.maskwatch.server.config.ServerConfig;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.web.DashboardServer;
import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maskwatch dev-stack}: Kafka, PostgreSQL, an SMTP sink, the server and its dashboard, all in one process. */
@Command(
        name = "dev-stack",
        mixinStandardHelpOptions = true,
        description = {
            "Starts, in this process, a single-node KRaft Kafka broker, a PostgreSQL server (embedded), an SMTP"
                    + " server that keeps emails in memory and logs their subjects, the web dashboard, and (unless"
                    + " --no-server) the ingress and notifier on them: the whole delivery chain on one machine, for"
                    + " trying it out.",
            "The dashboard has one user, demo (an admin), whose password is made up at each start and printed with"
                    + " the dashboard's address; it is kept nowhere else.",
            "Writes the matching server configuration to <dir>/server.yaml and prints how to point a dispatcher"
                    + " (or a detector) at the broker. Data is temporary: it is gone when this stops.",
            "At the default ports, config/server.local.yaml and config/dispatch.example.yaml reach it as they are:"
                    + " 'maskwatch dev-stack --no-server', then 'maskwatch server --config config/server.local.yaml'.",
            "Not for production: run a real Kafka cluster (see docs/delivery.md), PostgreSQL and SMTP server.",
            ""
        })
public final class DevStackCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(DevStackCommand.class);

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "Where server.yaml, PostgreSQL's and Kafka's data and the received emails go (default:"
                    + " dev-stack/ in MaskWatch's cache, $XDG_CACHE_HOME/maskwatch or ~/.cache/maskwatch). What a"
                    + " previous dev-stack left there (also after kill -9) is cleared at start.")
    Path dir;

    static final int DEFAULT_KAFKA_PORT = 9092;
    static final int DEFAULT_PG_PORT = 5433;
    static final int DEFAULT_SMTP_PORT = 2525;
    static final int DEFAULT_DASHBOARD_PORT = 8080;

    // Fixed default ports, so that config/server.local.yaml and the device examples reach this
    // stack as they are. PostgreSQL's is 5433, not 5432, to stay clear of a PostgreSQL installed
    // on the same machine.
    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            defaultValue = "" + DEFAULT_KAFKA_PORT,
            description = "Kafka port (on 127.0.0.1); 0 picks a free one (default ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--pg-port",
            paramLabel = "PORT",
            defaultValue = "" + DEFAULT_PG_PORT,
            description = "PostgreSQL port; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int pgPort;

    @Option(
            names = "--smtp-port",
            paramLabel = "PORT",
            defaultValue = "" + DEFAULT_SMTP_PORT,
            description = "SMTP sink port; 0 picks a free one (default ${DEFAULT-VALUE}).")
    int smtpPort;

    @Option(
            names = "--dashboard-port",
            paramLabel = "PORT",
            defaultValue = "" + DEFAULT_DASHBOARD_PORT,
            description = "Dashboard port (on 127.0.0.1); 0 picks a free one (default ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(
            names = "--recipient",
            paramLabel = "EMAIL",
            defaultValue = "admin@localhost",
            description = "Recipient of every alert in the written configuration (default ${DEFAULT-VALUE}).")
    String recipient;

    @Option(
            names = "--server",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Also run ingress and notifier here (default; --no-server to run them yourself: the"
                    + " dashboard still runs here).")
    boolean server;

    @Override
    public Integer call() throws Exception {
        if (dir == null) {
            dir = CacheDirectory.root().resolve("dev-stack");
        }
        FreePorts.check(kafkaPort, "--kafka-port", "Kafka");
        FreePorts.check(pgPort, "--pg-port", "PostgreSQL");
        FreePorts.check(smtpPort, "--smtp-port", "the SMTP sink");
        FreePorts.check(dashboardPort, "--dashboard-port", "the dashboard");
        StaleDevStack.clear(dir);
        RunUntilStopped run = new RunUntilStopped();
        try {
            log.info("Starting Kafka (KRaft), PostgreSQL and the SMTP sink in {} ...", dir);
            EmbeddedKafka kafka = run.closeAtEnd(EmbeddedKafka.start(dir.resolve(StaleDevStack.KAFKA), kafkaPort));
            // Closed just before the broker (last registered, first closed).
            run.closeAtEnd(DevStackCommand::quietBrokerShutdown);
            EmbeddedPostgresServer postgres =
                    run.closeAtEnd(EmbeddedPostgresServer.start(dir.resolve(StaleDevStack.POSTGRES), pgPort));
            DevSmtp smtp = run.closeAtEnd(DevSmtp.start(smtpPort));
            Path config = writeConfig(kafka, postgres, smtp);
            DemoLogin login = DemoLogin.madeUp();
            DashboardServer dashboard = startServer(ServerConfig.load(config, System::getenv), login, run);
            run.closeAtEnd(keepEmails(smtp, dir.resolve(StaleDevStack.MAIL)));
            printHowTo(System.out, kafka, postgres, smtp, config, dashboard, login);
        } catch (Throwable e) {
            // The embedded PostgreSQL is a process of its own, and the broker's threads keep this JVM
            // alive: neither may outlive a failed start, whatever failed (a missing class too).
            run.closeAfterFailedStart();
            throw e;
        }
        return run.await("dev-stack");
    }

    /**
     * The dashboard on the stack's PostgreSQL, its one user the demo login, and (unless --no-server)
     * ingress and notifier beside it on the same pool, as {@code maskwatch server} runs them.
     */
    private DashboardServer startServer(ServerConfig written, DemoLogin login, RunUntilStopped run) {
        ServerConfig config = written.withDashboard(
                DashboardSettings.defaults().withPort(dashboardPort).withUsers(List.of(login.user())));
        if (server) {
            return ServerCommand.startOrClose(config, run).orElseThrow();
        }
        Database database = run.closeAtEnd(ServerOptions.database(config));
        return ServerDashboard.start(config, database, run).orElseThrow();
    }

    /**
     * A broker stopped while it still loads its offsets partitions logs an ERROR with a stack trace
     * for each of them: noise about the broker's own shutdown, none of it about MaskWatch.
     */
    private static void quietBrokerShutdown() {
        if (LoggerFactory.getLogger("org.apache.kafka.coordinator") instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.OFF);
        }
    }

    private Path writeConfig(EmbeddedKafka kafka, EmbeddedPostgresServer postgres, DevSmtp smtp) {
        Path file = dir.resolve("server.yaml");
        String yaml = """
                # Written by 'maskwatch dev-stack' for the stack it is running; valid until it stops.
                kafka:
                  bootstrap_servers: %s
                postgres:
                  url: %s
                  user: postgres
                smtp:
                  host: 127.0.0.1
                  port: %d
                  tls: none
                  from: "MaskWatch <maskwatch@localhost>"
                recipients:
                  - name: Administrator
                    email: %s
                    time_zone: UTC
                flood_control:
                  max_emails: 1000
                  window_seconds: 60
                # dev-stack serves the dashboard itself, with a login made up at its start.
                dashboard:
                  enabled: false
                # Off: events of a video file are dated from the file, and would go as soon as they arrive.
                retention:
                  image_days: 0
                  alert_days: 0
                """.formatted(kafka.bootstrapServers(), postgres.jdbcUrl(), smtp.port(), recipient);
        try {
            Files.createDirectories(dir);
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UserError(
                    "--dir: cannot write " + file + " (" + e.getMessage() + "); choose a writable folder", e);
        }
        return file;
    }

    /**
     * Writes each email the sink receives to {@code mail/NNNN.eml} (any mail client opens it: text,
     * HTML and the face crop) and logs its subject with that path.
     */
    private static AutoCloseable keepEmails(DevSmtp smtp, Path mail) throws IOException {
        Files.createDirectories(mail);
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        int[] seen = {0};
        poller.scheduleWithFixedDelay(
                () -> {
                    var received = smtp.received();
                    for (; seen[0] < received.length; seen[0]++) {
                        Path file = mail.resolve(String.format(Locale.ROOT, "%04d.eml", seen[0] + 1));
                        try (OutputStream out = Files.newOutputStream(file)) {
                            received[seen[0]].writeTo(out);
                            log.info("SMTP sink received: {} ({})", received[seen[0]].getSubject(), file);
                        } catch (IOException | MessagingException e) {
                            log.warn("SMTP sink received an email it cannot write to {}: {}", file, e.getMessage());
                        }
                    }
                },
                1,
                1,
                TimeUnit.SECONDS);
        return poller::shutdownNow;
    }

    private void printHowTo(
            PrintStream out,
            EmbeddedKafka kafka,
            EmbeddedPostgresServer postgres,
            DevSmtp smtp,
            Path config,
            DashboardServer dashboard,
            DemoLogin login) {
        out.println();
        out.println("MaskWatch dev-stack is up.");
        out.println("  Kafka (KRaft):  " + kafka.bootstrapServers());
        out.println("  PostgreSQL:     " + postgres.jdbcUrl() + "  (user postgres, no password)");
        out.println("  SMTP sink:      127.0.0.1:" + smtp.port() + "  (emails are not delivered: each is kept in "
                + dir.resolve(StaleDevStack.MAIL) + " as an .eml file)");
        out.println("  Server config:  " + config + (server ? "  (ingress + notifier running here)" : ""));
        out.println("  Dashboard:      " + dashboard.url());
        out.println("                  log in as " + login.name() + ", password " + login.password()
                + "  (made up at this start, kept nowhere else)");
        out.println();
        out.println("Point the device side at it, in another terminal:");
        out.println("  export MASKWATCH_KAFKA_BOOTSTRAP_SERVERS=" + kafka.bootstrapServers());
        out.println(
                "  maskwatch dispatch --store data/maskwatch.db     # or: maskwatch detect ... with its dispatcher");
        if (!server) {
            out.println("  maskwatch server --config " + config
                    + (kafkaPort == DEFAULT_KAFKA_PORT && pgPort == DEFAULT_PG_PORT && smtpPort == DEFAULT_SMTP_PORT
                            ? "     # or config/server.local.yaml of the checkout: the same"
                            : ""));
        }
        out.println("Ctrl-C stops everything.");
        out.flush();
    }
}
