package io.maskwatch.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.testing.ConfigReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every key the server's loader reads is in docs/delivery.md's reference, found by reading the
 * file as the server does (so a key added to a reader and not to the docs fails here).
 */
class ServerConfigReferenceTest {
    @Test
    void everyServerKeyIsInTheReference() throws Exception {
        List<String> docs = ConfigReference.lines();
        assertThat(ServerConfig.knownKeys())
                .contains(
                        "kafka.bootstrap_servers",
                        "topics.alerts",
                        "topics.to_notify",
                        "topics.compliance",
                        "topics.heartbeats",
                        "postgres.pool_size",
                        "smtp.max_image_kb",
                        "flood_control.window_seconds");
        assertThat(ServerConfig.knownKeys())
                .as("server keys docs/delivery.md does not name")
                .allMatch(k -> ConfigReference.documents(docs, k));
    }
}
