package io.maskwatch.core.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the server's YAML configuration file into records, section by section. Keys are
 * snake_case. It is strict, like the device's configuration: a key no section has, a section the
 * program does not read, or a value of the wrong type is an error that names the key and what is
 * allowed, since a misspelt key that is silently ignored leaves a setting at its default.
 */
public final class SettingsFile {
    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private final ObjectNode root;
    private final Function<String, String> env;

    private SettingsFile(Path file, JsonNode root, Function<String, String> env) {
        this.file = file;
        this.root = root instanceof ObjectNode object ? object : YAML.createObjectNode();
        this.env = env;
    }

    /** The file, with no environment overrides. */
    public static SettingsFile read(Path file) {
        return read(file, name -> null);
    }

    /**
     * The file; each section's single values may be set from {@code env} by the one rule of
     * {@link EnvironmentOverrides} ({@code MASKWATCH_SMTP_HOST} sets {@code smtp.host}).
     */
    public static SettingsFile read(Path file, Function<String, String> env) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("configuration file not found: " + file.toAbsolutePath()
                    + "; give the path of an existing YAML file (examples in config/)");
        }
        try {
            JsonNode root = YAML.readTree(file.toFile());
            if (root != null && !root.isMissingNode() && !root.isNull() && !root.isObject()) {
                throw new ConfigException(file + ": expected a mapping of sections (kafka, postgres, ...) at the top");
            }
            return new SettingsFile(file, root, env);
        } catch (IOException e) {
            throw new ConfigException("configuration file " + file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    /** No file: every section takes its defaults and what {@code env} sets. */
    public static SettingsFile empty(Function<String, String> env) {
        return new SettingsFile(Path.of("(none)"), YAML.createObjectNode(), env);
    }

    /** Fails, naming the key and the known sections, when the file has a top-level key not in {@code known}. */
    public void requireOnlySections(java.util.Collection<String> known) {
        root.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                throw new ConfigException(
                        file + ": unknown section '" + key + "'; the sections are " + String.join(", ", known));
            }
        });
    }

    /** Whether the file sets the key at {@code path} (dots between keys). */
    public boolean has(String path) {
        JsonNode node = root;
        for (String key : path.split("\\.")) {
            node = node.path(key);
        }
        return !node.isMissingNode();
    }

    /**
     * The section at {@code path} (dots between keys) as {@code type}, with what the environment
     * sets of its single values; null when neither the file nor the environment sets any of it.
     */
    public <T> T section(String path, Class<T> type) {
        EnvironmentOverrides.apply(root, valueKeys(path, type), env);
        JsonNode node = root;
        for (String key : path.split("\\.")) {
            node = node.path(key);
        }
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            return YAML.treeToValue(node, type);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(
                    file + ": " + where(path, e) + ": unknown key; the keys of this section are "
                            + String.join(
                                    ", ",
                                    e.getKnownPropertyIds().stream()
                                            .map(Object::toString)
                                            .sorted()
                                            .toList()),
                    e);
        } catch (MismatchedInputException e) {
            throw new ConfigException(file + ": " + where(path, e) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(file + ": section " + path + ": " + e.getMessage(), e);
        }
    }

    /** The full names of a record section's single-value keys ({@code smtp.host}, {@code smtp.port}, ...). */
    private static List<String> valueKeys(String path, Class<?> type) {
        if (!type.isRecord()) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            Class<?> t = component.getType();
            if (t == String.class || Number.class.isAssignableFrom(t) || t == Boolean.class || t.isPrimitive()) {
                keys.add(path + "." + SNAKE.translate(component.getName()));
            }
        }
        return keys;
    }

    /** The dotted key an error is about: the section's path, then the keys and indexes inside it. */
    private static String where(String path, MismatchedInputException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce(path, (a, b) -> a + "." + b);
    }

    public Path file() {
        return file;
    }
}
