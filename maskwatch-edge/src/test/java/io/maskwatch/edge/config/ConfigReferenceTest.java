package io.maskwatch.edge.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.testing.ConfigReference;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The configuration reference in docs/ cannot drift from what the loader reads: every key a
 * device's file can have is documented, by its full name or in its section's table row.
 */
class ConfigReferenceTest {

    @Test
    void everyDeviceKeyIsInTheReference() throws Exception {
        List<String> docs = ConfigReference.lines();
        assertThat(EdgeConfigLoader.knownKeys())
                .contains(
                        "kafka.bootstrap_servers",
                        "tracking.cooldown_seconds",
                        "topics.compliance",
                        "topics.heartbeats",
                        "dispatch.heartbeat_interval");
        assertThat(EdgeConfigLoader.knownKeys())
                .as("keys the loader reads that docs/detection.md and docs/delivery.md do not name")
                .allMatch(key -> ConfigReference.documents(docs, key));
    }

    @Test
    void theCheckTellsADocumentedKeyFromAnUndocumentedOne() {
        List<String> docs =
                List.of("| `tracking` | `vote_window` (7) |", "the key `store.path` is ...", "| `smtp:` | `host` |");
        assertThat(ConfigReference.documents(docs, "tracking.vote_window")).isTrue();
        assertThat(ConfigReference.documents(docs, "store.path")).isTrue();
        assertThat(ConfigReference.documents(docs, "smtp.host")).isTrue();
        assertThat(ConfigReference.documents(docs, "tracking.cooldown_seconds")).isFalse();
        assertThat(ConfigReference.documents(docs, "detection.vote_window")).isFalse();
    }
}
