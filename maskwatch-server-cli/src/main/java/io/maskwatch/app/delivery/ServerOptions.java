package io.maskwatch.app.delivery;

import io.maskwatch.server.config.ServerConfig;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.kafka.KafkaClients;
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

    /** What a server command starts from: its configuration, its pool, and what closes them at the end. */
    record Started(ServerConfig config, Database database, RunUntilStopped run) {}

    Started start() {
        ServerConfig config = load();
        RunUntilStopped run = new RunUntilStopped();
        return new Started(config, run.closeAtEnd(database(config)), run);
    }
}
