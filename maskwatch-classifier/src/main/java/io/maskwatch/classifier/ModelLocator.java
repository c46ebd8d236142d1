package io.maskwatch.classifier;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the shipped classifier lives: {@code models/mask-classifier} of the install or checkout. */
public final class ModelLocator {
    public static final String SHIPPED_MODEL = "models/mask-classifier";

    private ModelLocator() {}

    /**
     * The shipped model directory: under {@code maskwatch.home} (set by the launcher), else the
     * working directory or one of its parents (running from a checkout or a module folder).
     */
    public static Path defaultModelDir() {
        String home = System.getProperty("maskwatch.home");
        if (home != null && Files.isDirectory(Path.of(home, SHIPPED_MODEL))) {
            return Path.of(home, SHIPPED_MODEL);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(SHIPPED_MODEL);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Path.of(SHIPPED_MODEL);
    }
}
