package io.maskwatch.edge.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maskwatch.core.config.ConfigFile;
import io.maskwatch.core.config.EnvironmentOverrides;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the device's YAML through {@link ConfigFile}, as the server reads its own (relative paths
 * in it resolved against its folder, see {@link ConfigPaths}), and applies command-line overrides ({@code key.path=value}, the value read as
 * YAML so {@code 3}, {@code 0.5}, {@code true} keep their types) before validating, so an override
 * is checked exactly like the file.
 */
public final class EdgeConfigLoader {
    private static final Logger log = LoggerFactory.getLogger(EdgeConfigLoader.class);

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
        ObjectNode tree = file == null
                ? JsonNodeFactory.instance.objectNode()
                : ConfigFile.readTree(file, "config/edge.example.yaml");
        Map<String, String> written = new java.util.HashMap<>();
        if (file != null) {
            // Before the overrides: a path given on the command line is relative to where the user
            // runs the command, one written in the file to the file (it is run from anywhere).
            written.putAll(
                    ConfigPaths.resolveAgainst(tree, file.toAbsolutePath().getParent()));
        }
        String origin = file == null ? "configuration" : file.toString();
        ConfigFile.Loaded<EdgeConfig> loaded = ConfigFile.read(origin, tree, env, overrides, root -> {
            EdgeConfig config = EdgeConfig.read(root);
            for (String other : root.unreadKeys()) {
                // Other components may keep their own sections in the device's file.
                log.debug("{}: section '{}' is not used by detection", origin, other);
            }
            return config;
        });
        // A path from the environment or the command line is the user's own again.
        written.keySet().removeAll(loaded.fromEnvironment().keySet());
        written.keySet().removeAll(overrides.keySet());
        return loaded.config().withPathsAsWritten(written);
    }

    /**
     * The full names of every single-value key a device's configuration can have (for the
     * configuration reference and its test).
     */
    public static java.util.Set<String> knownKeys() {
        return ConfigFile.knownKeys(EdgeConfig::read);
    }
}
