package io.maskwatch.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.core.InputException;
import io.maskwatch.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code retention:} section: defaults, the examples, 0 for ever, and bad values named. */
class RetentionSettingsTest {
    @TempDir
    Path dir;

    @Test
    void withoutTheSectionFacesGoAfter90DaysAndAlertsAfter365() {
        RetentionSettings retention = ServerConfig.load(null, name -> null).retention();
        assertThat(retention).isEqualTo(new RetentionSettings(90, 365));
        assertThat(retention.images()).contains(Duration.ofDays(90));
        assertThat(retention.alerts()).contains(Duration.ofDays(365));
    }

    @Test
    void theExamplesSayWhatTheyKeepAndZeroKeepsForEver() {
        Path root = SharedData.repoRoot();
        assertThat(ServerConfig.load(root.resolve("config/server.example.yaml"), name -> null)
                        .retention())
                .isEqualTo(new RetentionSettings(90, 365));
        RetentionSettings local = ServerConfig.load(root.resolve("config/server.local.yaml"), name -> null)
                .retention();
        assertThat(local.images()).isEmpty();
        assertThat(local.alerts()).isEmpty();
    }

    @Test
    void aBadValueOrKeyIsNamedAndTheEnvironmentSetsOne() throws Exception {
        Path negative = Files.writeString(dir.resolve("negative.yaml"), "retention:\n  image_days: -1\n");
        assertThatThrownBy(() -> ServerConfig.load(negative, name -> null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("retention.image_days")
                .hasMessageContaining("between 0 and 36500");
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "retention:\n  alerts_days: 30\n");
        assertThatThrownBy(() -> ServerConfig.load(typo, name -> null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("retention.alerts_days: unknown key");
        assertThat(ServerConfig.load(null, Map.of("MASKWATCH_RETENTION_ALERT_DAYS", "30")::get)
                        .retention()
                        .alertDays())
                .isEqualTo(30);
    }
}
