package io.maskwatch.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.util.JavalinBindException;
import io.maskwatch.core.config.ConfigException;
import io.maskwatch.core.ops.Health;
import io.maskwatch.core.ops.ProcessOps;
import io.maskwatch.server.config.DashboardSettings;
import io.maskwatch.server.db.DatabaseException;
import io.maskwatch.server.db.DatabaseHealth;
import io.maskwatch.server.privacy.AlertDeletion;
import io.maskwatch.server.privacy.AuditLog;
import io.maskwatch.server.web.alerts.AlertRepository;
import io.maskwatch.server.web.alerts.AlertRoutes;
import io.maskwatch.server.web.alerts.LiveAlertFeed;
import io.maskwatch.server.web.auth.Access;
import io.maskwatch.server.web.auth.AccessControl;
import io.maskwatch.server.web.auth.LoginRoutes;
import io.maskwatch.server.web.auth.LoginThrottle;
import io.maskwatch.server.web.auth.Session;
import io.maskwatch.server.web.auth.SessionStore;
import io.maskwatch.server.web.compliance.ComplianceRepository;
import io.maskwatch.server.web.compliance.ComplianceRoutes;
import io.maskwatch.server.web.devices.DeviceRepository;
import io.maskwatch.server.web.devices.DeviceRoutes;
import io.maskwatch.server.web.privacy.PrivacyRoutes;
import io.maskwatch.server.web.review.ReviewRepository;
import io.maskwatch.server.web.review.ReviewRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web dashboard of {@code maskwatch server}: alerts, review, compliance and devices, each a
 * page over a JSON API, behind a login. Any number of instances may serve the same PostgreSQL:
 * sessions and failed logins live there, and each instance's live feed listens to it.
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);

    private final Javalin app;
    private final LiveAlertFeed feed;
    private final ScheduledExecutorService housekeeping;
    private final boolean tls;
    /** The metrics and health of a dashboard started on its own (null when the process's are served). */
    private ProcessOps ownOps;

    private DashboardServer(Javalin app, LiveAlertFeed feed, ScheduledExecutorService housekeeping, boolean tls) {
        this.app = app;
        this.feed = feed;
        this.housekeeping = housekeeping;
        this.tls = tls;
    }

    /**
     * A dashboard on its own (benchmarks, tests, dev-stack without its services): {@code /metrics} has
     * the JVM's meters, {@code /health} PostgreSQL's check.
     */
    public static DashboardServer start(
            DashboardSettings settings, DataSource dataSource, Function<String, String> env, Clock clock) {
        ProcessOps own = new ProcessOps();
        try {
            own.health().add(DatabaseHealth.CHECK, new DatabaseHealth(dataSource, "the dashboard's pool"));
            DashboardServer server = start(settings, dataSource, env, clock, own);
            server.ownOps = own;
            return server;
        } catch (RuntimeException e) {
            own.close();
            throw e;
        }
    }

    /**
     * Starts serving; the port is {@code settings.port()}, or a free one when that is 0. A port in
     * use or an address not of this machine is a {@link ConfigException} naming the key to change.
     * {@code /metrics} and {@code /health} serve {@code ops}, the process's: no login, as Prometheus and
     * probes have none, and neither holds personal data.
     */
    public static DashboardServer start(
            DashboardSettings settings,
            DataSource dataSource,
            Function<String, String> env,
            Clock clock,
            ProcessOps ops) {
        requireFreePort(settings);
        ObjectMapper json = jsonMapper();
        PageRenderer pages = new PageRenderer();
        SessionStore sessions = new SessionStore(dataSource, settings, clock);
        AccessControl access = new AccessControl(sessions);
        AlertRepository alerts = new AlertRepository(dataSource);
        LiveAlertFeed feed = new LiveAlertFeed(dataSource, alerts);
        AuditLog audit = new AuditLog(dataSource, clock);
        LoginRoutes login = new LoginRoutes(settings, sessions, new LoginThrottle(dataSource, clock), pages, audit);
        AlertRoutes alertRoutes = new AlertRoutes(alerts, feed, pages);
        ReviewRoutes review = new ReviewRoutes(new ReviewRepository(dataSource), json, clock, audit);
        PrivacyRoutes privacy = new PrivacyRoutes(new AlertDeletion(dataSource, audit), audit, json);
        ComplianceRoutes compliance = new ComplianceRoutes(new ComplianceRepository(dataSource), pages, clock);
        DeviceRoutes devices =
                new DeviceRoutes(new DeviceRepository(dataSource, settings.deviceStaleAfter(), clock), pages);

        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = settings.bind();
            config.jetty.port = settings.port();
            config.jsonMapper(new JavalinJackson(json, false));
            // Style, script and the chart library (from its WebJar: the page needs no network beyond
            // this server) hold no personal data, and the login page needs them.
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/dashboard/static";
                files.location = Location.CLASSPATH;
                files.roles = Set.of(Access.PUBLIC);
            });
            config.staticFiles.add(files -> {
                files.hostedPath = "/webjars";
                files.directory = "META-INF/resources/webjars";
                files.location = Location.CLASSPATH;
                files.roles = Set.of(Access.PUBLIC);
                files.headers = Map.of("Cache-Control", "max-age=31536000");
            });
            settings.tlsKeystore().ifPresent(keystore -> TlsConnector.add(config, settings, keystore, env));
            config.routes.beforeMatched(access::check);
            errors(config);
            config.routes.get("/health", ctx -> health(ctx, ops), Access.PUBLIC);
            config.routes.get(
                    "/metrics",
                    ctx -> ctx.contentType(ProcessOps.METRICS_CONTENT_TYPE).result(ops.scrape()),
                    Access.PUBLIC);
            config.routes.get("/", ctx -> ctx.redirect("/alerts"), Access.VIEWER);
            config.routes.get("/api/me", DashboardServer::me, Access.VIEWER);
            config.routes.get("/api/openapi.json", DashboardServer::openApi, Access.VIEWER);
            login.register(config.routes);
            alertRoutes.register(config.routes);
            review.register(config.routes);
            compliance.register(config.routes);
            devices.register(config.routes);
            privacy.register(config.routes);
        });
        try {
            app.start();
        } catch (JavalinBindException e) {
            // Taken between the check and now.
            throw portInUse(settings);
        }
        feed.start();
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-sessions");
            t.setDaemon(true);
            return t;
        });
        housekeeping.scheduleWithFixedDelay(() -> expireSessions(sessions), 1, 10, TimeUnit.MINUTES);
        DashboardServer server = new DashboardServer(
                app, feed, housekeeping, settings.tlsKeystore().isPresent());
        if (settings.users().isEmpty()) {
            log.warn(
                    "Dashboard at {} has no users, so nobody can log in: add dashboard.users to the server"
                            + " configuration (password hashes from 'maskwatch users hash-password')",
                    server.url());
        } else {
            log.info(
                    "Dashboard at {} ({} user(s))",
                    server.url(),
                    settings.users().size());
        }
        return server;
    }

    /**
     * Tries the address before Javalin does: Javalin logs a failed start as an error with a stack
     * trace, where a busy port or a wrong address wants one line naming the key to change.
     */
    private static void requireFreePort(DashboardSettings settings) {
        if (settings.port() == 0) {
            return;
        }
        InetSocketAddress address = new InetSocketAddress(settings.bind(), settings.port());
        if (address.isUnresolved()) {
            throw new ConfigException("dashboard.bind: '" + settings.bind() + "' is no address of this machine; use"
                    + " 127.0.0.1 (this machine only), 0.0.0.0 (every network) or one of its addresses");
        }
        try (ServerSocket probe = new ServerSocket()) {
            // As Jetty binds: a port whose last connections are still closing counts as free.
            probe.setReuseAddress(true);
            probe.bind(address);
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).contains("in use")) {
                throw portInUse(settings);
            }
            throw new ConfigException("dashboard.bind, dashboard.port: cannot listen on " + settings.bind() + ":"
                    + settings.port() + " (" + e.getMessage() + "); bind must be an address of this machine"
                    + " (127.0.0.1, 0.0.0.0) and a port below 1024 needs root: choose one above 1023");
        }
    }

    private static ConfigException portInUse(DashboardSettings settings) {
        return new ConfigException("dashboard.port: port " + settings.port() + " on " + settings.bind()
                + " is in use (another maskwatch server or another web server holds it); stop that, or set"
                + " dashboard.port (or MASKWATCH_DASHBOARD_PORT) to a free port, or dashboard.enabled: false");
    }

    public int port() {
        return app.port();
    }

    /** The address to open, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        String host = app.unsafe.jetty.host;
        if (host == null || host.isBlank() || host.equals("0.0.0.0")) {
            host = "localhost";
        }
        return (tls ? "https" : "http") + "://" + host + ":" + port();
    }

    /** A route the server answers. */
    public record Route(io.javalin.http.HandlerType method, String path) {}

    /** Every route, as the router holds them (for the check that the OpenAPI document names them all). */
    public java.util.List<Route> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(parsed -> parsed.endpoint.method.isHttpMethod())
                .map(parsed -> new Route(parsed.endpoint.method, parsed.endpoint.path))
                .toList();
    }

    public int liveSubscribers() {
        return feed.subscribers();
    }

    static ObjectMapper jsonMapper() {
        return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }

    private static void errors(JavalinConfig config) {
        config.routes.exception(
                WebProblem.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
        config.routes.exception(DatabaseException.class, (e, ctx) -> {
            log.warn("Dashboard request {} {} failed: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.status(503)
                    .json(Map.of("error", "database_unavailable", "message", "PostgreSQL did not answer; try again"));
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.error("Dashboard request {} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(500).json(Map.of("error", "internal", "message", "the server failed; its log says why"));
        });
        config.routes.error(404, ctx -> {
            // A route's own 404 (no such alert, an image deleted by retention) keeps its message.
            if (ctx.path().startsWith("/api/") && ctx.resultInputStream() == null) {
                ctx.json(Map.of(
                        "error", "not_found", "message", "no such API route: " + ctx.method() + " " + ctx.path()));
            }
        });
    }

    private static void health(Context ctx, ProcessOps ops) {
        Health.Report report = ops.health().report();
        ctx.status(report.httpStatus()).contentType("application/json").result(report.json());
    }

    private static void me(Context ctx) {
        Session session = AccessControl.session(ctx);
        ctx.json(Map.of(
                "user", session.user().name(),
                "role", session.user().role().configName(),
                "csrf_token", session.csrfToken()));
    }

    private static void openApi(Context ctx) throws IOException {
        try (InputStream in = DashboardServer.class.getResourceAsStream("/dashboard/openapi.json")) {
            ctx.contentType("application/json").result(in.readAllBytes());
        }
    }

    private static void expireSessions(SessionStore sessions) {
        try {
            int removed = sessions.deleteExpired();
            if (removed > 0) {
                log.debug("Removed {} expired dashboard session(s)", removed);
            }
        } catch (RuntimeException e) {
            log.warn("Could not remove expired dashboard sessions: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        feed.close();
        app.stop();
        if (ownOps != null) {
            ownOps.close();
        }
    }
}
