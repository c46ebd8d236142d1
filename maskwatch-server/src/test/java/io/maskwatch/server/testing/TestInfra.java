package io.maskwatch.server.testing;

import io.maskwatch.core.files.TemporaryFolder;
import io.maskwatch.devstack.EmbeddedKafka;
import io.maskwatch.devstack.EmbeddedPostgresServer;
import io.maskwatch.server.config.PostgresSettings;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.kafka.KafkaClients;
import io.maskwatch.wire.KafkaSettings;
import io.maskwatch.wire.TopicSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One in-process Kafka broker and one embedded PostgreSQL per test JVM, started on first use and
 * stopped when the tests are done ({@link StopTestInfra}): starting them costs seconds, so test
 * classes share them and isolate themselves with their own topics and databases instead.
 */
public final class TestInfra {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static EmbeddedKafka kafka;
    private static EmbeddedPostgresServer postgres;
    /** PostgreSQL's data, in a folder of our own so that tests can stop and restart the server. */
    private static TemporaryFolder postgresData;

    static {
        // A fallback for launchers that do not run StopTestInfra: PostgreSQL is a child process.
        Runtime.getRuntime().addShutdownHook(new Thread(TestInfra::stopAll, "stop-test-infra"));
    }

    private TestInfra() {}

    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            try {
                kafka = EmbeddedKafka.start(null);
            } catch (Exception e) {
                throw new IllegalStateException("could not start the in-process Kafka broker", e);
            }
        }
        return kafka;
    }

    public static synchronized EmbeddedPostgresServer postgres() {
        if (postgres == null) {
            try {
                postgresData = TemporaryFolder.create("maskwatch-test-pg");
                postgres = EmbeddedPostgresServer.start(postgresData.path(), 0);
            } catch (Exception e) {
                stopAll();
                throw new IllegalStateException("could not start the embedded PostgreSQL", e);
            }
        }
        return postgres;
    }

    public static KafkaClients kafkaClients() {
        return new KafkaClients(KafkaSettings.plaintext(kafka().bootstrapServers()), name -> null);
    }

    /** Topics no other test uses. */
    public static TopicSettings newTopics() {
        String suffix = NAMES.incrementAndGet() + "-" + System.nanoTime();
        return new TopicSettings(
                "alerts-" + suffix, "notify-" + suffix, "compliance-" + suffix, "heartbeats-" + suffix);
    }

    /** A new, empty database on the shared server; returns its settings. */
    public static PostgresSettings newDatabase() {
        String name = "test_" + NAMES.incrementAndGet() + "_" + System.nanoTime();
        try (Connection c = DriverManager.getConnection(postgres().jdbcUrl(), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (Exception e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return new PostgresSettings(
                "jdbc:postgresql://localhost:" + postgres().port() + "/" + name, "postgres", null, 4);
    }

    /** A new database, migrated, with its pool. */
    public static Database newMigratedDatabase() {
        return Database.open(newDatabase(), name -> null, () -> true);
    }

    /**
     * Stops Kafka and PostgreSQL and deletes their data. Problems are printed, not thrown: every
     * test has run by now, and one server failing to stop must not keep the other running.
     */
    static synchronized void stopAll() {
        if (kafka != null) {
            stop("the in-process Kafka broker", kafka);
            kafka = null;
        }
        if (postgres != null) {
            stop("the embedded PostgreSQL", postgres);
            postgres = null;
        }
        if (postgresData != null) {
            stop("PostgreSQL's data folder", postgresData);
            postgresData = null;
        }
    }

    private static void stop(String what, AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            System.err.println("Could not stop " + what + " after the tests: " + e);
            e.printStackTrace();
        }
    }
}
