package io.maskwatch.server.web;

import io.maskwatch.core.passwords.Passwords;
import io.maskwatch.server.config.DashboardSettings;
import io.maskwatch.server.config.DashboardUser;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.testing.MutableClock;
import io.maskwatch.server.testing.TestInfra;
import java.time.Duration;
import java.util.List;

/** A dashboard on a fresh migrated database, with an admin and a viewer, on a free port. */
public final class TestDashboard implements AutoCloseable {
    public static final String ADMIN = "alice";
    public static final String ADMIN_PASSWORD = "correct horse battery";
    public static final String VIEWER = "victor";
    public static final String VIEWER_PASSWORD = "viewer staple";
    /** Hashed once per JVM: BCrypt at cost 12 takes a quarter of a second per hash. */
    private static final List<DashboardUser> USERS = List.of(
            new DashboardUser(ADMIN, DashboardUser.Role.ADMIN, Passwords.hash(ADMIN_PASSWORD)),
            new DashboardUser(VIEWER, DashboardUser.Role.VIEWER, Passwords.hash(VIEWER_PASSWORD)));

    public final Database database;
    public final MutableClock clock = MutableClock.startingNow();
    public final DashboardServer server;

    public TestDashboard() {
        this.database = TestInfra.newMigratedDatabase();
        this.server = startOn(database);
    }

    public static DashboardSettings settings() {
        return DashboardSettings.defaults()
                .withPort(0)
                .withUsers(USERS)
                .withTimes(Duration.ofMinutes(30), Duration.ofMinutes(5));
    }

    /** Another instance on the same database (as behind a load balancer). */
    public DashboardServer startOn(Database db) {
        return DashboardServer.start(settings(), db.dataSource(), name -> null, clock);
    }

    public String url() {
        return server.url();
    }

    public DashboardClient admin() {
        return loggedIn(ADMIN, ADMIN_PASSWORD);
    }

    public DashboardClient viewer() {
        return loggedIn(VIEWER, VIEWER_PASSWORD);
    }

    public DashboardClient anonymous() {
        return new DashboardClient(url());
    }

    private DashboardClient loggedIn(String user, String password) {
        DashboardClient client = new DashboardClient(url());
        int status = client.login(user, password).statusCode();
        if (status / 100 != 3) {
            throw new AssertionError("login of " + user + " answered " + status);
        }
        return client;
    }

    @Override
    public void close() {
        server.close();
        database.close();
    }
}
