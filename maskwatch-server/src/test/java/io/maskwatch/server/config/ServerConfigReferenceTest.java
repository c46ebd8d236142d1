package io.maskwatch.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.testing.ConfigReference;
import io.maskwatch.wire.KafkaSettings;
import io.maskwatch.wire.TopicSettings;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every key of the server's file is in docs/delivery.md's reference, and every section is known. */
class ServerConfigReferenceTest {
    private static final Map<String, Class<?>> SECTION_TYPES = Map.of(
            "kafka", KafkaSettings.class,
            "topics", TopicSettings.class,
            "postgres", PostgresSettings.class,
            "smtp", SmtpSettings.class,
            "recipients", RecipientSettings.class,
            "flood_control", FloodControlSettings.class);

    @Test
    void everyServerKeyIsInTheReference() throws Exception {
        List<String> docs = ConfigReference.lines();
        List<String> keys = new ArrayList<>();
        SECTION_TYPES.forEach((section, type) -> {
            for (RecordComponent component : type.getRecordComponents()) {
                keys.add(section + "."
                        + component.getName().replaceAll("([A-Z])", "_$1").toLowerCase());
            }
        });
        assertThat(keys).contains("smtp.max_image_kb", "flood_control.window_seconds");
        assertThat(keys)
                .as("server keys docs/delivery.md does not name")
                .allMatch(k -> ConfigReference.documents(docs, k));
        // Every section the file may have has a type above, or is the one map (sites).
        assertThat(ServerConfig.SECTIONS).containsAll(SECTION_TYPES.keySet()).contains("sites");
    }
}
