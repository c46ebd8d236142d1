package io.maskwatch.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one rule by which the environment sets a configuration key, on the device and on the
 * server alike: {@code MASKWATCH_} and the key's full name in capitals with dots as underscores,
 * so {@code kafka.bootstrap_servers} is {@code MASKWATCH_KAFKA_BOOTSTRAP_SERVERS} and {@code
 * store.max_size_mb} is {@code MASKWATCH_STORE_MAX_SIZE_MB}. It wins over the file; a command's
 * {@code --set} wins over it. Only single values can be set this way (not lists). Secrets are
 * not keys: they live in the variables that {@code *_password_env} keys name.
 */
public final class EnvironmentOverrides {
    private static final Logger log = LoggerFactory.getLogger(EnvironmentOverrides.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private EnvironmentOverrides() {}

    /** The variable that sets {@code key} ({@code a.b_c} is {@code MASKWATCH_A_B_C}). */
    public static String variableFor(String key) {
        return "MASKWATCH_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /**
     * Writes into {@code tree} the value of each of {@code keys} whose variable is set and not
     * blank, read as YAML so that numbers and booleans keep their type, and logs each; returns the
     * keys set, with their variables.
     */
    public static Map<String, String> apply(ObjectNode tree, Collection<String> keys, Function<String, String> env) {
        Map<String, String> applied = new LinkedHashMap<>();
        for (String key : keys) {
            String variable = variableFor(key);
            String value = env.apply(variable);
            if (value == null || value.isBlank()) {
                continue;
            }
            set(tree, key, parse(variable, value));
            log.info("configuration from the environment: {} sets {}", variable, key);
            applied.put(key, variable);
        }
        return applied;
    }

    /** Puts {@code value} at the dotted {@code key} of {@code tree}, making the mappings on the way. */
    static void set(ObjectNode tree, String key, JsonNode value) {
        String[] parts = key.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], value);
    }

    private static JsonNode parse(String variable, String value) {
        try {
            JsonNode parsed = YAML.readTree(value);
            if (parsed == null || parsed.isMissingNode() || !parsed.isValueNode()) {
                // A URL with a colon or text with a dash may read as a mapping or a list: take it as text.
                return JsonNodeFactory.instance.textNode(value);
            }
            return parsed;
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(value);
        }
    }
}
