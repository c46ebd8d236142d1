package io.maskwatch.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.maskwatch.core.retry.OutageLog;
import io.maskwatch.core.retry.RetryBackoff;
import io.maskwatch.server.config.PostgresSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive: a connection pool to PostgreSQL with the schema brought up to date by Flyway.
 * Opening waits (with backoff, one log line) for a database that is not up yet instead of failing,
 * so that services can start before their database.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    /** Opens the pool and migrates; waits for the database while {@code keepTrying} holds. */
    public static Database open(PostgresSettings settings, Function<String, String> env, BooleanSupplier keepTrying) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.requireUrl());
        config.setUsername(settings.effectiveUser());
        config.setPassword(settings.password(env));
        config.setMaximumPoolSize(settings.poolSize());
        config.setPoolName("maskwatch-db");
        config.setConnectionTimeout(Duration.ofSeconds(5).toMillis());
        // Start even when the database is down; every use retries.
        config.setInitializationFailTimeout(-1);
        // Batched inserts become multi-row inserts: the ingress writes hundreds of rows per batch.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            migrate(pool, settings.requireUrl(), keepTrying);
            return new Database(pool);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** The schema version the database is at (the last migration applied), e.g. {@code 3}. */
    public String schemaVersion() {
        var current = flyway(pool).info().current();
        return current == null ? "none" : current.getVersion().getVersion();
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // An archive made by the seed's services has the version-1 tables and no history.
                .baselineOnMigrate(true)
                .baselineVersion("1")
                .load();
    }

    private static void migrate(DataSource dataSource, String url, BooleanSupplier keepTrying) {
        Flyway flyway = flyway(dataSource);
        OutageLog outage = new OutageLog(log, "PostgreSQL at " + url);
        RetryBackoff backoff = RetryBackoff.standard();
        while (true) {
            try {
                flyway.migrate();
                outage.succeeded();
                return;
            } catch (FlywayException e) {
                if (SqlFailures.isRefusedLogin(e)) {
                    throw new DatabaseException(
                            "PostgreSQL at " + url + " refused the login: " + rootMessage(e)
                                    + "; check postgres.user (or MASKWATCH_POSTGRES_USER), the password in the variable named by"
                                    + " postgres.password_env (default MASKWATCH_PG_PASSWORD) and the database name in"
                                    + " postgres.url",
                            e);
                }
                if (!SqlFailures.isTransient(e) || !keepTrying.getAsBoolean()) {
                    throw new DatabaseException(
                            "PostgreSQL at " + url + ": schema migration failed: " + e.getMessage()
                                    + "; check postgres.url / postgres.user / the password variable and that the user may"
                                    + " create tables",
                            e);
                }
                outage.failed("waiting for it before starting", e);
                sleep(backoff.nextDelay());
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("interrupted while waiting for PostgreSQL", e);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /** The address of the database ({@code postgres.url}), for messages. */
    public String url() {
        return pool.getJdbcUrl();
    }

    /**
     * Publishes the pool's use ({@code hikaricp_connections_active}, {@code _idle}, {@code _pending},
     * the time to get a connection, ...) to {@code registry}; once per pool.
     */
    public void bindMetrics(MeterRegistry registry) {
        pool.setMetricRegistry(registry);
    }

    @Override
    public void close() {
        pool.close();
    }
}
