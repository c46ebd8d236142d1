package io.maskwatch.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.core.InputException;
import io.maskwatch.testing.SharedData;
import io.maskwatch.wire.TopicSettings;
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
        // Each command's own port (ingress 9466, notify 9467) unless the file gives one.
        assertThat(config.ops().bind()).isEqualTo("127.0.0.1");
        assertThat(config.ops().port()).isNull();
    }

    @Test
    void aMisspeltKeyIsAnErrorNamingItAndTheKeysThereAre() throws Exception {
        Path file = Files.writeString(dir.resolve("typo.yaml"), """
                smtp:
                  host: mail.example.com
                  prot: 2525
                """);
        assertThatThrownBy(() -> ServerConfig.load(file, name -> null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("smtp.prot: unknown key")
                .hasMessageContaining("port");
    }

    @Test
    void anUnknownSectionIsAnErrorNamingTheSections() throws Exception {
        Path file = Files.writeString(dir.resolve("section.yaml"), """
                flood:
                  max_emails: 3
                """);
        assertThatThrownBy(() -> ServerConfig.load(file, name -> null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("flood: unknown key")
                .hasMessageContaining("flood_control");
    }

    @Test
    void aValueOutOfRangeOrOfTheWrongTypeNamesTheKeyTheValueAndWhatIsAllowed() throws Exception {
        Path port = Files.writeString(dir.resolve("port.yaml"), "smtp:\n  port: 70000\n");
        assertThatThrownBy(() -> ServerConfig.load(port, name -> null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("smtp.port")
                .hasMessageContaining("between 1 and 65535")
                .hasMessageContaining("70000");
        Path emails = Files.writeString(dir.resolve("emails.yaml"), "flood_control:\n  max_emails: lots\n");
        assertThatThrownBy(() -> ServerConfig.load(emails, name -> null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("flood_control.max_emails")
                .hasMessageContaining("'lots'");
        Path devices =
                Files.writeString(dir.resolve("devices.yaml"), "recipients:\n  - email: a@b.c\n    devices: {a: 1}\n");
        assertThatThrownBy(() -> ServerConfig.load(devices, name -> null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("recipients[0].devices");
    }

    @Test
    void theDevicesTopicKeyIsRefusedWithTheServersName() throws Exception {
        Path file = Files.writeString(dir.resolve("topic.yaml"), """
                kafka:
                  bootstrap_servers: broker:9092
                  topic: my-alerts
                """);
        assertThatThrownBy(() -> ServerConfig.load(file, name -> null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("kafka.topic")
                .hasMessageContaining("topics.alerts");
    }

    @Test
    void theEnvironmentSetsAnySingleValueByOneRule() {
        Map<String, String> env = Map.of(
                "MASKWATCH_SMTP_PORT", "2526",
                "MASKWATCH_SMTP_HOST", "relay.local",
                "MASKWATCH_FLOOD_CONTROL_MAX_EMAILS", "7",
                "MASKWATCH_POSTGRES_URL", "jdbc:postgresql://new/db",
                "MASKWATCH_PG_URL", "jdbc:postgresql://old/db");
        ServerConfig config = ServerConfig.load(SharedData.repoRoot().resolve("config/server.example.yaml"), env::get);
        assertThat(config.smtp().port()).isEqualTo(2526);
        assertThat(config.smtp().host()).isEqualTo("relay.local");
        assertThat(config.floodControl().maxEmails()).isEqualTo(7);
        // The rule's variable wins over the older MASKWATCH_PG_URL.
        assertThat(config.postgres().url()).isEqualTo("jdbc:postgresql://new/db");
        // Without a file, too.
        assertThat(ServerConfig.load(null, env::get).smtp().host()).isEqualTo("relay.local");
    }

    @Test
    void theLocalExampleLoadsToo() {
        ServerConfig config =
                ServerConfig.load(SharedData.repoRoot().resolve("config/server.local.yaml"), name -> null);
        assertThat(config.postgres().user()).isEqualTo("postgres");
    }

    @Test
    void unknownSiteAndBadZoneAreNamed() throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, "recipients:\n  - {email: a@b.c, sites: [nowhere]}\n");
        assertThatThrownBy(() -> ServerConfig.load(file, name -> null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("recipients[0].sites: site 'nowhere' is not defined");
        Files.writeString(file, "recipients:\n  - {email: a@b.c, time_zone: Mars/Olympus}\n");
        assertThatThrownBy(() -> ServerConfig.load(file, name -> null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("recipients[0].time_zone");
    }

    @Test
    void defaultsWithoutAFile() {
        ServerConfig config = ServerConfig.load(null, name -> null);
        assertThat(config.topics()).isEqualTo(TopicSettings.defaults());
        assertThat(config.recipients()).isEqualTo(List.of());
        assertThatThrownBy(() -> config.postgres().requireUrl()).isInstanceOf(InputException.class);
    }
}
