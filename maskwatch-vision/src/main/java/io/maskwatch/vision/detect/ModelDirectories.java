package io.maskwatch.vision.detect;

import io.maskwatch.core.CacheDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where detector model files are looked for, in order: the cache {@code maskwatch models pull}
 * fills, the {@code models/} folder of the installation, and {@code models/} of the working
 * directory (a checkout).
 */
public final class ModelDirectories {
    private final Path cache;

    /** @param configuredCache {@code detection.model_cache}, or null for the user's cache */
    public ModelDirectories(String configuredCache) {
        this.cache = configuredCache != null ? Path.of(configuredCache) : defaultCache();
    }

    public Path cache() {
        return cache;
    }

    public List<Path> searched() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(cache);
        String home = System.getProperty("maskwatch.home");
        if (home != null) {
            dirs.add(Path.of(home, "models"));
        }
        dirs.add(Path.of("models").toAbsolutePath());
        return dirs;
    }

    /** The first readable file of this name in the searched folders. */
    public Optional<Path> find(String fileName) {
        return searched().stream()
                .map(dir -> dir.resolve(fileName))
                .filter(Files::isRegularFile)
                .findFirst();
    }

    static Path defaultCache() {
        return CacheDirectory.root().resolve("models");
    }
}
