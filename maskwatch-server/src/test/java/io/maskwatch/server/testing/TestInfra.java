package io.maskwatch.server.testing;

import io.maskwatch.core.kafka.KafkaSettings;
import io.maskwatch.server.config.PostgresSettings;
import io.maskwatch.server.config.TopicSettings;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.devstack.EmbeddedKafka;
import io.maskwatch.server.devstack.EmbeddedPostgresServer;
import io.maskwatch.server.kafka.KafkaClients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One in-process Kafka broker and one embedded PostgreSQL per test JVM, started on first use and
 * stopped at exit: starting them costs seconds, so test classes share them and isolate
 * themselves with their own topics and databases instead.
 */
public final class TestInfra {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static EmbeddedKafka kafka;
    private static EmbeddedPostgresServer postgres;

    private TestInfra() {}

    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            try {
                kafka = EmbeddedKafka.start(null);
            } catch (Exception e) {
                throw new IllegalStateException("could not start the in-process Kafka broker", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(kafka)));
        }
        return kafka;
    }

    public static synchronized EmbeddedPostgresServer postgres() {
        if (postgres == null) {
            try {
                Path dir = Files.createTempDirectory("maskwatch-test-pg");
                postgres = EmbeddedPostgresServer.start(dir, 0);
            } catch (Exception e) {
                throw new IllegalStateException("could not start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres)));
        }
        return postgres;
    }

    public static KafkaClients kafkaClients() {
        return new KafkaClients(KafkaSettings.plaintext(kafka().bootstrapServers()), name -> null);
    }

    /** Topics no other test uses. */
    public static TopicSettings newTopics() {
        int n = NAMES.incrementAndGet();
        return new TopicSettings("alerts-" + n + "-" + System.nanoTime(), "notify-" + n + "-" + System.nanoTime());
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

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // The JVM is exiting.
        }
    }
}
