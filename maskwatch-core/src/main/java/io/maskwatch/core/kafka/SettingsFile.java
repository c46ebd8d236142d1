package io.maskwatch.core.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.maskwatch.core.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the server's YAML configuration file into records, section by section. Keys are
 * snake_case. It is strict, like the device's configuration: a key no section has, a section the
 * program does not read, or a value of the wrong type is an error that names the key and what is
 * allowed, since a misspelt key that is silently ignored leaves a setting at its default.
 */
public final class SettingsFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private final JsonNode root;

    private SettingsFile(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    public static SettingsFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("configuration file not found: " + file.toAbsolutePath()
                    + "; pass --config with the path of your YAML file (examples in config/)");
        }
        try {
            JsonNode root = YAML.readTree(file.toFile());
            return new SettingsFile(file, root == null || root.isMissingNode() ? YAML.createObjectNode() : root);
        } catch (IOException e) {
            throw new UserError("configuration file " + file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    /** A file with no settings: every section takes its defaults. */
    public static SettingsFile empty() {
        return new SettingsFile(Path.of("(none)"), YAML.createObjectNode());
    }

    /** Fails, naming the key and the known sections, when the file has a top-level key not in {@code known}. */
    public void requireOnlySections(java.util.Collection<String> known) {
        root.fieldNames().forEachRemaining(key -> {
            if (!known.contains(key)) {
                throw new UserError(
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

    /** The section at {@code path} (dots between keys) as {@code type}; null when absent. */
    public <T> T section(String path, Class<T> type) {
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
            throw new UserError(
                    file + ": " + where(path, e) + ": unknown key; the keys of this section are "
                            + String.join(
                                    ", ",
                                    e.getKnownPropertyIds().stream()
                                            .map(Object::toString)
                                            .sorted()
                                            .toList()),
                    e);
        } catch (MismatchedInputException e) {
            throw new UserError(file + ": " + where(path, e) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UserError(file + ": section " + path + ": " + e.getMessage(), e);
        }
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
