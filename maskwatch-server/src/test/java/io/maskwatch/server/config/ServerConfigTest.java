package io.maskwatch.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.core.UserError;
import io.maskwatch.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
    @TempDir
    Path dir;

    @Test
    void theShippedExampleLoadsWithEverySection() {
        Path example = SharedData.repoRoot().resolve("config/server.example.yaml");
        ServerConfig config = ServerConfig.load(example, Map.of("MASKWATCH_PG_URL", "jdbc:postgresql://db/x")::get);

        assertThat(config.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.topics().alerts()).isEqualTo("alert-topic");
        assertThat(config.topics().toNotify()).isEqualTo("to-notify-topic");
        assertThat(config.topics().alertsDeadLetter()).isEqualTo("alert-topic.dlq");
        assertThat(config.postgres().url()).isEqualTo("jdbc:postgresql://db/x");
        assertThat(config.smtp().tls()).isEqualTo("starttls");
        assertThat(config.smtp().port()).isEqualTo(587);
        assertThat(config.recipients())
                .extracting(RecipientSettings::timeZone)
                .containsExactly("Europe/Paris", "America/New_York");
        assertThat(config.sites().get("headquarters")).hasSize(2);
        assertThat(config.floodControl().maxEmails()).isEqualTo(5);
        assertThat(config.floodControl().windowSeconds()).isEqualTo(600);
    }

    @Test
    void unknownSiteAndBadZoneAreNamed() throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "recipients:\n  - {email: a@b.c, sites: [nowhere]}\n");
        assertThatThrownBy(() -> ServerConfig.load(file, name -> null))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("recipients[0].sites: site 'nowhere' is not defined");
        Files.writeString(file, "recipients:\n  - {email: a@b.c, time_zone: Mars/Olympus}\n");
        assertThatThrownBy(() -> ServerConfig.load(file, name -> null))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("recipients[0].time_zone");
    }

    @Test
    void defaultsWithoutAFile() {
        ServerConfig config = ServerConfig.load(null, name -> null);
        assertThat(config.topics()).isEqualTo(TopicSettings.defaults());
        assertThat(config.recipients()).isEqualTo(List.of());
        assertThatThrownBy(() -> config.postgres().requireUrl()).isInstanceOf(UserError.class);
    }
}
