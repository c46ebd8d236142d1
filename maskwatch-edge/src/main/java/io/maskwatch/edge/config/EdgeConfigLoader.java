package io.maskwatch.edge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.maskwatch.core.config.ConfigException;
import io.maskwatch.core.config.ConfigSection;
import io.maskwatch.core.config.EnvironmentOverrides;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the edge YAML (relative paths in it resolved against its folder, see {@link ConfigPaths})
 * and applies command-line overrides ({@code key.path=value}, the value read as
 * YAML so {@code 3}, {@code 0.5}, {@code true} keep their types) before validating, so an override
 * is checked exactly like the file.
 */
public final class EdgeConfigLoader {
    private static final Logger log = LoggerFactory.getLogger(EdgeConfigLoader.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private EdgeConfigLoader() {}

    /**
     * @param file the YAML file, or {@code null} for defaults only
     * @param overrides dotted keys to values, applied in order
     */
    public static EdgeConfig load(Path file, Map<String, String> overrides) {
        return load(file, overrides, System::getenv);
    }

    /**
     * As {@link #load(Path, Map)}, with the environment to take {@link EnvironmentOverrides} from:
     * the file, then the environment, then {@code overrides}.
     */
    public static EdgeConfig load(Path file, Map<String, String> overrides, Function<String, String> env) {
        ObjectNode tree = file == null ? JsonNodeFactory.instance.objectNode() : readTree(file);
        Map<String, String> written = new java.util.HashMap<>();
        if (file != null) {
            // Before the overrides: a path given on the command line is relative to where the user
            // runs the command, one written in the file to the file (it is run from anywhere).
            written.putAll(
                    ConfigPaths.resolveAgainst(tree, file.toAbsolutePath().getParent()));
        }
        String origin = file == null ? "configuration" : file.toString();
        Map<String, String> fromEnvironment = EnvironmentOverrides.apply(tree, valueKeys(origin, tree), env);
        overrides.forEach((key, value) -> ConfigSection.override(tree, key, value));
        // A path from the environment or the command line is the user's own again.
        written.keySet().removeAll(fromEnvironment.keySet());
        written.keySet().removeAll(overrides.keySet());
        ConfigSection root = new ConfigSection(origin, "", tree);
        EdgeConfig config = EdgeConfig.read(root);
        for (String other : root.unreadKeys()) {
            // Other components may keep their own sections in the device's file.
            log.debug("{}: section '{}' is not used by detection", origin, other);
        }
        return config.withPathsAsWritten(written);
    }

    /**
     * The full names of every single-value key a device's configuration can have (for the
     * configuration reference and its test).
     */
    public static java.util.Set<String> knownKeys() {
        return valueKeys("configuration", JsonNodeFactory.instance.objectNode());
    }

    /**
     * Every single-value key the configuration has, found by reading a copy of it as detection
     * does (a copy that fails validation still names the keys read before the failure).
     */
    private static java.util.Set<String> valueKeys(String origin, ObjectNode tree) {
        ConfigSection probe = new ConfigSection(origin, "", tree.deepCopy());
        try {
            EdgeConfig.read(probe);
        } catch (ConfigException e) {
            // The real read below reports it, after the environment and the overrides had their say.
        }
        return probe.valueKeys();
    }

    private static ObjectNode readTree(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("configuration file not found: " + file.toAbsolutePath()
                    + "; pass an existing file (see config/edge.example.yaml)");
        }
        JsonNode tree;
        try {
            tree = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(file + " is not valid YAML: "
                    + e.getMessage().lines().findFirst().orElse("") + "; compare it with config/edge.example.yaml");
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!tree.isObject()) {
            throw new ConfigException(file + ": expected a mapping of sections (device, models, ...) at the top");
        }
        return (ObjectNode) tree;
    }
}
