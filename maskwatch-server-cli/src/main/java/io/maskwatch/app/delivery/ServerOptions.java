package io.maskwatch.app.delivery;

import io.maskwatch.core.ops.ProcessOps;
import io.maskwatch.server.config.ServerConfig;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.kafka.KafkaClients;
import io.maskwatch.server.ops.ServerOps;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The option the server commands share, and what they build from it first. Public for the
 * commands of the dashboard's package ({@code export-reviewed}) and of privacy ({@code alerts delete}), which read the same file.
 */
public final class ServerOptions {
    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "Server configuration (YAML; see config/server.example.yaml). Secrets only from the"
                    + " environment: MASKWATCH_KAFKA_PASSWORD, MASKWATCH_PG_PASSWORD, MASKWATCH_SMTP_PASSWORD,"
                    + " MASKWATCH_DASHBOARD_KEYSTORE_PASSWORD.")
    Path config;

    public ServerConfig load() {
        return ServerConfig.load(config, System::getenv);
    }

    /** The clients, after one question to the broker that ends the start on a TLS or SASL mismatch. */
    static KafkaClients kafka(ServerConfig config) {
        KafkaClients clients = new KafkaClients(config.kafka(), System::getenv);
        BrokerCheck.atStart(config.kafka(), clients.common());
        return clients;
    }

    /** Opens the pool; waits (one log line) while PostgreSQL is not up yet. */
    static Database database(ServerConfig config) {
        return Database.open(config.postgres(), System::getenv, () -> true);
    }

    /**
     * What a server command starts from: its configuration, its metrics and health, its pool, and
     * what closes them at the end.
     */
    record Started(ServerConfig config, ServerOps ops, Database database, RunUntilStopped run) {
        /** The Kafka clients, their meters bound to this process's. */
        KafkaClients kafka() {
            return ops.observe(ServerOptions.kafka(config));
        }
    }

    /**
     * Serves {@code /metrics} and {@code /health} (on {@code ops.port}, else {@code defaultOpsPort})
     * before it waits for PostgreSQL, so a probe sees why the service is not ready yet.
     */
    Started start(int defaultOpsPort) {
        ServerConfig config = load();
        RunUntilStopped run = new RunUntilStopped();
        ServerOps ops = new ServerOps(run.closeAtEnd(new ProcessOps()));
        ops.process().serve(config.ops(), defaultOpsPort);
        try {
            Database database = run.closeAtEnd(database(config));
            ops.watch(database);
            return new Started(config, ops, database, run);
        } catch (RuntimeException e) {
            run.closeAfterFailedStart();
            throw e;
        }
    }
}
