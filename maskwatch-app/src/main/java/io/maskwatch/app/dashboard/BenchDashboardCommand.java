package io.maskwatch.app.dashboard;

import io.maskwatch.core.passwords.Passwords;
import io.maskwatch.devstack.EmbeddedPostgresServer;
import io.maskwatch.server.config.DashboardSettings;
import io.maskwatch.server.config.DashboardUser;
import io.maskwatch.server.config.PostgresSettings;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.web.DashboardServer;
import io.maskwatch.server.web.alerts.AlertCursor;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code maskwatch bench-dashboard}: how fast the alert list pages with many alerts, measured
 * over HTTP against the real dashboard on an embedded PostgreSQL: the first page, a page deep in
 * the list (keyset paging must cost the same there), and a deep page filtered by device.
 */
@Command(
        name = "bench-dashboard",
        mixinStandardHelpOptions = true,
        description = {
            "Fills an embedded PostgreSQL with --alerts alerts, starts the dashboard on it and times",
            "GET /api/alerts over HTTP (logged in, JSON answer read whole): the first page, a page at",
            "--deep alerts into the list, and that deep page filtered by device. Target: p95 < 100 ms",
            "with 100,000 alerts.",
            ""
        })
public final class BenchDashboardCommand implements Callable<Integer> {
    private static final String PASSWORD = "bench-" + Long.toHexString(System.nanoTime());

    @Option(
            names = "--alerts",
            defaultValue = "100000",
            description = "Alerts in the archive (default ${DEFAULT-VALUE}).")
    int alerts;

    @Option(
            names = "--deep",
            defaultValue = "90000",
            description = "How far into the list the deep page starts (default ${DEFAULT-VALUE}).")
    int deep;

    @Option(names = "--limit", defaultValue = "50", description = "Alerts per page (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(
            names = "--requests",
            defaultValue = "300",
            description = "Timed requests per kind, after as many untimed ones (default ${DEFAULT-VALUE}).")
    int requests;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        out.printf(
                Locale.ROOT,
                "bench-dashboard: %d CPUs, max heap %d MB, Java %s%n",
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.version"));
        int deepAt = Math.min(deep, Math.max(0, alerts - limit));
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(null, 0);
                Database database = Database.open(
                        new PostgresSettings(postgres.jdbcUrl(), "postgres", null, 8), name -> null, () -> true)) {
            long started = System.nanoTime();
            BenchAlerts.insert(database.dataSource(), alerts, 8);
            out.printf(
                    Locale.ROOT,
                    "archive: %,d alerts on 8 devices, written in %.1f s%n",
                    alerts,
                    (System.nanoTime() - started) / 1e9);
            DashboardSettings settings = DashboardSettings.defaults()
                    .withPort(0)
                    .withUsers(
                            List.of(new DashboardUser("bench", DashboardUser.Role.VIEWER, Passwords.hash(PASSWORD))));
            try (DashboardServer server =
                    DashboardServer.start(settings, database.dataSource(), name -> null, Clock.systemUTC())) {
                HttpClient http = logIn(server.url());
                String deepCursor = cursorAt(database, deepAt, null);
                String deviceCursor = cursorAt(database, deepAt / 8, "dev-3");
                out.printf(
                        Locale.ROOT,
                        "%-44s %8s %8s %8s %8s%n",
                        "GET /api/alerts (limit " + limit + ")",
                        "p50 ms",
                        "p95 ms",
                        "p99 ms",
                        "max ms");
                time(out, http, server.url(), "first page", "/api/alerts?limit=" + limit);
                time(
                        out,
                        http,
                        server.url(),
                        "page at alert " + deepAt,
                        "/api/alerts?limit=" + limit + "&cursor=" + deepCursor);
                time(
                        out,
                        http,
                        server.url(),
                        "device dev-3, page at its alert " + deepAt / 8,
                        "/api/alerts?limit=" + limit + "&device=dev-3&cursor=" + deviceCursor);
            }
        }
        return 0;
    }

    private HttpClient logIn(String base) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("username=bench&password=" + PASSWORD))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() / 100 != 3) {
            throw new IllegalStateException("could not log in to the dashboard: HTTP " + login.statusCode());
        }
        return http;
    }

    /** The cursor that makes a page start right after the {@code offset}-th alert of the list. */
    private static String cursorAt(Database database, int offset, String device) throws SQLException {
        String sql = "SELECT event_time, id FROM alert" + (device == null ? "" : " WHERE device_id = ?")
                + " ORDER BY event_time DESC, id DESC OFFSET ? LIMIT 1";
        try (Connection c = database.dataSource().getConnection();
                PreparedStatement select = c.prepareStatement(sql)) {
            int i = 1;
            if (device != null) {
                select.setString(i++, device);
            }
            select.setInt(i, Math.max(0, offset - 1));
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return new AlertCursor(rs.getTimestamp(1).toInstant(), rs.getLong(2)).encode();
            }
        }
    }

    private void time(PrintStream out, HttpClient http, String base, String label, String path) throws Exception {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(base + path)).GET().build();
        long[] nanos = new long[requests];
        for (int i = -requests; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long took = System.nanoTime() - start;
            if (response.statusCode() != 200 || !response.body().contains("\"alerts\"")) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            if (i >= 0) {
                nanos[i] = took;
            }
        }
        Arrays.sort(nanos);
        out.printf(
                Locale.ROOT,
                "%-44s %8.2f %8.2f %8.2f %8.2f%n",
                label,
                percentile(nanos, 0.50),
                percentile(nanos, 0.95),
                percentile(nanos, 0.99),
                nanos[nanos.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** Fills the archive the way the ingress would, but in one statement per table. */
    static final class BenchAlerts {
        private BenchAlerts() {}

        static void insert(javax.sql.DataSource ds, int n, int devices) throws SQLException {
            try (Connection c = ds.getConnection();
                    Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO device (id, type, latitude, longitude) SELECT 'dev-' || g,"
                        + " 'Raspberry Pi 4', 48.85, 2.35 FROM generate_series(0, " + (devices - 1) + ") g");
                s.executeUpdate("INSERT INTO face_detection_model (id, created_at, name, threshold)"
                        + " VALUES ('yunet', now(), 'face_detection_yunet_2023mar.onnx', 0.6)");
                s.executeUpdate("INSERT INTO mask_classification_model (id, created_at, name, threshold)"
                        + " VALUES ('mask', now(), 'maskwatch-bench', 0.31)");
                // One small image per alert, as the archive holds them.
                s.executeUpdate("INSERT INTO image (format, width, height, data) SELECT 'jpeg', 96, 96,"
                        + " decode(repeat('ff', 2000), 'hex') FROM generate_series(1, " + n + ")");
                s.executeUpdate("INSERT INTO alert (event_time, received_at, device_id, face_model_id, mask_model_id,"
                        + " image_id, event_uuid, probability, source, track_id)"
                        + " SELECT now() - g * interval '7 seconds', now(), 'dev-' || (g % " + devices + "), 'yunet',"
                        + " 'mask', i.id, gen_random_uuid(), 0.5 + (g % 50) / 100.0, 'cam-' || (g % 3), g"
                        + " FROM generate_series(1, " + n + ") g JOIN image i ON i.id = g");
                s.execute("ANALYZE");
            }
        }
    }
}
