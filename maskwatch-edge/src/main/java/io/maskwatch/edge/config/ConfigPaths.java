package io.maskwatch.edge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Resolves the relative paths written in a configuration file against the file's folder, so that
 * {@code detect --config /etc/maskwatch/edge.yaml} reads the same files from any working directory.
 *
 * <p>One exception: a path under the installation's {@code models/} folder (the shipped classifier,
 * {@code models/mask-classifier}) that does not exist next to the file is left relative; the
 * classifier then looks it up in the installation ({@code ModelLocator}). The example
 * configuration lives in {@code config/} and names {@code models/mask-classifier} that way.
 */
final class ConfigPaths {
    /** Values that name something other than a file: a URL, a camera index. */
    private static final Pattern NOT_A_FILE = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://.*|\\d+)$");

    /** Detector names that are looked up, not paths. */
    private static final Pattern DETECTOR_NAME = Pattern.compile("^(yunet|ssd|haar)$", Pattern.CASE_INSENSITIVE);

    static final String INSTALLATION_MODELS = "models/";

    private ConfigPaths() {}

    /** @return the dotted keys rewritten, each with the value as written */
    static Map<String, String> resolveAgainst(ObjectNode tree, Path folder) {
        Map<String, String> written = new LinkedHashMap<>();
        ObjectNode models = object(tree, "models");
        if (models != null) {
            ObjectNode classifier = object(models, "mask_classifier");
            resolve(classifier, "models.mask_classifier.model", "model", folder, true, written);
            resolve(classifier, "models.mask_classifier.labels", "labels", folder, true, written);
            ObjectNode detector = object(models, "face_detection");
            if (detector != null
                    && detector.path("model").isTextual()
                    && !DETECTOR_NAME.matcher(detector.get("model").asText()).matches()) {
                resolve(detector, "models.face_detection.model", "model", folder, true, written);
            }
            resolve(detector, "models.face_detection.config", "config", folder, true, written);
        }
        resolve(object(tree, "detection"), "detection.model_cache", "model_cache", folder, false, written);
        resolve(object(tree, "store"), "store.path", "path", folder, false, written);
        if (tree.get("sources") instanceof com.fasterxml.jackson.databind.node.ArrayNode sources) {
            for (JsonNode source : sources) {
                if (source instanceof ObjectNode entry && entry.path("uri").isTextual()) {
                    String uri = entry.get("uri").asText();
                    if (!NOT_A_FILE.matcher(uri).matches()
                            && resolve(entry, "sources.uri", "uri", folder, false, new LinkedHashMap<>())
                            && !entry.hasNonNull("name")) {
                        // Events keep the name the user wrote, not the absolute path.
                        entry.put("name", uri);
                    }
                }
            }
        }
        return written;
    }

    /**
     * @param installationFallback leave a missing {@code models/...} path relative for the
     *     installation lookup
     * @return whether the value was rewritten
     */
    static boolean resolve(
            ObjectNode section,
            String dotted,
            String key,
            Path folder,
            boolean installationFallback,
            Map<String, String> written) {
        if (section == null || !section.path(key).isTextual()) {
            return false;
        }
        String value = section.get(key).asText();
        if (value.isBlank()) {
            return false;
        }
        Path given = Path.of(value);
        if (given.isAbsolute()) {
            return false;
        }
        Path resolved = folder.resolve(given).normalize();
        if (installationFallback
                && value.replace('\\', '/').startsWith(INSTALLATION_MODELS)
                && !Files.exists(resolved)) {
            return false;
        }
        section.put(key, resolved.toString());
        written.put(dotted, value);
        return true;
    }

    private static ObjectNode object(ObjectNode parent, String key) {
        return parent != null && parent.get(key) instanceof ObjectNode child ? child : null;
    }
}
