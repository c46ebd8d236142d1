package io.maskwatch.core.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.maskwatch.core.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the delivery services' sections of a YAML configuration file. Keys are snake_case; keys
 * this program does not know are ignored, because the device's file is shared with the detector,
 * which reads other sections of it.
 */
public final class SettingsFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
        } catch (MismatchedInputException e) {
            String where = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .reduce(path, (a, b) -> a + "." + b);
            throw new UserError(file + ": " + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UserError(file + ": section " + path + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }
}
