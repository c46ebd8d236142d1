package io.maskwatch.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.core.InputException;
import io.maskwatch.core.config.ConfigFile;
import io.maskwatch.wire.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSettingsTest {
    @TempDir
    Path dir;

    @Test
    void confluentStyleSaslSettingsTakeThePasswordFromTheEnvironment() throws Exception {
        Path file = dir.resolve("edge.yaml");
        Files.writeString(file, """
                device: {guid: abc}
                detector: {something: the detector reads}
                kafka:
                  bootstrap_servers: pkc-123.europe-west1.gcp.confluent.cloud:9092
                  security_protocol: SASL_SSL
                  sasl_mechanism: PLAIN
                  sasl_username: APIKEY1
                  properties:
                    ssl.endpoint.identification.algorithm: https
                """);
        Map<String, String> env = Map.of("MASKWATCH_KAFKA_PASSWORD", "se\"cret");
        KafkaSettings settings = readKafka(file, env::get);

        Map<String, Object> props = settings.clientProperties(env::get);

        assertThat(props)
                .containsEntry("bootstrap.servers", "pkc-123.europe-west1.gcp.confluent.cloud:9092")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("ssl.endpoint.identification.algorithm", "https")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required"
                                + " username=\"APIKEY1\" password=\"se\\\"cret\";");
        assertThat(settings.describe()).doesNotContain("se\"cret");
    }

    @Test
    void environmentOverridesTheFileAndNamesAnotherPasswordVariable() throws Exception {
        Path file = dir.resolve("scram.yaml");
        Files.writeString(file, """
                kafka:
                  bootstrap_servers: file:9092
                  sasl_mechanism: SCRAM-SHA-512
                  sasl_username: u
                  sasl_password_env: MY_SECRET
                """);
        Map<String, String> env = Map.of("MASKWATCH_KAFKA_BOOTSTRAP_SERVERS", "env:9093", "MY_SECRET", "p");
        KafkaSettings settings = readKafka(file, env::get);

        Map<String, Object> props = settings.clientProperties(env::get);

        assertThat(props).containsEntry("bootstrap.servers", "env:9093");
        assertThat((String) props.get("sasl.jaas.config"))
                .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule");
    }

    @Test
    void missingPasswordNamesTheVariableToExport() {
        KafkaSettings settings = new KafkaSettings("h:1", "SASL_SSL", "PLAIN", "u", null, null);
        assertThatThrownBy(() -> settings.clientProperties(name -> null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("export MASKWATCH_KAFKA_PASSWORD");
    }

    @Test
    void aSecretPropertyComesFromTheEnvironmentNeverFromTheFile() {
        Map<String, String> env = Map.of("MASKWATCH_KAFKA_TRUSTSTORE_PASSWORD", "s3cret");
        KafkaSettings fromEnv = new KafkaSettings(
                "h:1",
                "SSL",
                null,
                null,
                null,
                Map.of(
                        "ssl.truststore.location", "/etc/maskwatch/kafka.jks",
                        "ssl.truststore.password", "${env:MASKWATCH_KAFKA_TRUSTSTORE_PASSWORD}"));
        assertThat(fromEnv.clientProperties(env::get))
                .containsEntry("ssl.truststore.password", "s3cret")
                .containsEntry("ssl.truststore.location", "/etc/maskwatch/kafka.jks");
        assertThatThrownBy(() -> fromEnv.clientProperties(name -> null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("export MASKWATCH_KAFKA_TRUSTSTORE_PASSWORD=");

        KafkaSettings literal =
                new KafkaSettings("h:1", "SSL", null, null, null, Map.of("ssl.truststore.password", "changeit"));
        assertThatThrownBy(() -> literal.clientProperties(env::get))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("holds a secret in the file")
                .hasMessageContaining("${env:MASKWATCH_KAFKA_SSL_TRUSTSTORE_PASSWORD}")
                .hasMessageNotContaining("changeit");
    }

    @Test
    void missingBootstrapIsAUserError() {
        assertThatThrownBy(() -> KafkaSettings.plaintext(null).clientProperties(name -> null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("kafka.bootstrap_servers");
    }

    @Test
    void wrongTypeNamesTheKey() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "kafka:\n  properties: [1, 2]\n");
        assertThatThrownBy(() -> readKafka(file, name -> null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("kafka.properties");
    }

    /** The kafka section as device and server both read it. */
    private static KafkaSettings readKafka(Path file, Function<String, String> env) {
        return ConfigFile.load(
                        file,
                        "config/server.example.yaml",
                        env,
                        Map.of(),
                        root -> KafkaSettings.read(root.section("kafka")))
                .config();
    }
}
