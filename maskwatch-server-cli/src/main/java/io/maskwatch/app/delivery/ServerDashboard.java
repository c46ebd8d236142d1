package io.maskwatch.app.delivery;

import io.maskwatch.core.config.ConfigException;
import io.maskwatch.core.ops.ProcessOps;
import io.maskwatch.server.config.ServerConfig;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.web.DashboardServer;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard of a server process ({@code dashboard.enabled}, the default), on the process's own
 * pool: it needs nothing but PostgreSQL, and a second pool would only hold more connections.
 */
final class ServerDashboard {
    private static final Logger log = LoggerFactory.getLogger(ServerDashboard.class);
    /** Ingress and notifier hold one connection each at least, and the dashboard's live feed one for good. */
    private static final int MIN_POOL = 3;

    private ServerDashboard() {}

    /** Starts it and has {@code run} close it at the end; empty when the configuration turns it off. */
    static Optional<DashboardServer> start(ServerConfig config, Database database, RunUntilStopped run) {
        return start(config, database, run, null);
    }

    /** As above, serving the process's {@code /metrics} and {@code /health} ({@code ops}; null: its own). */
    static Optional<DashboardServer> start(
            ServerConfig config, Database database, RunUntilStopped run, ProcessOps ops) {
        if (!config.dashboard().enabled()) {
            log.info("Dashboard off (dashboard.enabled: false)");
            return Optional.empty();
        }
        if (config.postgres().poolSize() < MIN_POOL) {
            throw new ConfigException("postgres.pool_size: " + config.postgres().poolSize() + " connections are too few"
                    + " for the ingress, the notifier and the dashboard's live feed; set it to at least " + MIN_POOL
                    + " (the default is 8), or dashboard.enabled: false");
        }
        // DashboardServer logs its address (and a warning when no user can log in).
        return Optional.of(run.closeAtEnd(
                ops == null
                        ? DashboardServer.start(
                                config.dashboard(), database.dataSource(), System::getenv, Clock.systemUTC())
                        : DashboardServer.start(
                                config.dashboard(), database.dataSource(), System::getenv, Clock.systemUTC(), ops)));
    }
}
