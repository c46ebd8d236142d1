package io.maskwatch.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.maskwatch.core.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * How the device and the server read their YAML files, the one mechanism for both: the file's
 * mapping of sections, then the environment by the one rule of {@link EnvironmentOverrides}, then
 * the command line's dotted overrides, then each section read key by key by a {@link
 * ConfigSection} reader, which checks types and ranges and refuses unknown keys.
 */
public final class ConfigFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigFile() {}

    /** A configuration read, with the keys the environment set (each with its variable). */
    public record Loaded<T>(T config, Map<String, String> fromEnvironment) {}

    /**
     * The mapping of sections in {@code file}; an empty mapping for an empty file.
     *
     * @param example the example file to compare with, named in the errors
     */
    public static ObjectNode readTree(Path file, String example) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("configuration file not found: " + file.toAbsolutePath()
                    + "; pass an existing file (see " + example + ")");
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(file + " is not valid YAML: "
                    + e.getMessage().lines().findFirst().orElse("") + "; compare it with " + example);
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!tree.isObject()) {
            throw new ConfigException(file + ": expected a mapping of sections at the top; compare it with " + example);
        }
        return (ObjectNode) tree;
    }

    /**
     * Reads {@code file} (or, when it is null, only the defaults, the environment and the overrides)
     * with {@code reader}.
     */
    public static <T> Loaded<T> load(
            Path file,
            String example,
            Function<String, String> env,
            Map<String, String> overrides,
            Function<ConfigSection, T> reader) {
        ObjectNode tree = file == null ? JsonNodeFactory.instance.objectNode() : readTree(file, example);
        return read(file == null ? "configuration" : file.toString(), tree, env, overrides, reader);
    }

    /**
     * Reads {@code tree} with {@code reader}: the environment sets any single value the reader reads,
     * then {@code overrides} (dotted keys, values read as YAML) win over both.
     *
     * @param origin the file's name for errors ("configuration" when there is none)
     */
    public static <T> Loaded<T> read(
            String origin,
            ObjectNode tree,
            Function<String, String> env,
            Map<String, String> overrides,
            Function<ConfigSection, T> reader) {
        Map<String, String> fromEnvironment = EnvironmentOverrides.apply(tree, valueKeys(origin, tree, reader), env);
        overrides.forEach((key, value) -> override(tree, key, value));
        return new Loaded<>(reader.apply(new ConfigSection(origin, "", tree)), fromEnvironment);
    }

    /**
     * Sets the dotted {@code key} of {@code tree} to {@code value} read as YAML, so that {@code 3},
     * {@code 0.5} and {@code true} keep their types and are then checked like the file's own.
     */
    private static void override(ObjectNode tree, String key, String value) {
        JsonNode parsed;
        try {
            parsed = YAML.readTree(value);
        } catch (IOException e) {
            throw new ConfigException("override " + key + "=" + value + ": not a valid value (" + e.getMessage()
                    + "); quote text values");
        }
        EnvironmentOverrides.set(
                tree, key, parsed == null || parsed.isMissingNode() ? JsonNodeFactory.instance.nullNode() : parsed);
    }

    /**
     * The full names of every single-value key {@code reader} reads, present in {@code tree} or not,
     * found by reading a copy (a copy that fails validation still names the keys read before the
     * failure; the real read reports it, after the environment and the overrides had their say).
     */
    public static Set<String> valueKeys(String origin, ObjectNode tree, Function<ConfigSection, ?> reader) {
        ConfigSection probe = new ConfigSection(origin, "", tree.deepCopy());
        try {
            reader.apply(probe);
        } catch (InputException e) {
            // Reported by the real read.
        }
        return probe.valueKeys();
    }

    /** Every single-value key {@code reader} knows (for the configuration references and their tests). */
    public static Set<String> knownKeys(Function<ConfigSection, ?> reader) {
        return valueKeys("configuration", JsonNodeFactory.instance.objectNode(), reader);
    }
}
