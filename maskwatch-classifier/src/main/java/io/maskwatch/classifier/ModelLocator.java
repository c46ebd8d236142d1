package io.maskwatch.classifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the shipped classifier lives: {@code models/mask-classifier} of the install or checkout. */
public final class ModelLocator {
    public static final String SHIPPED_MODEL = "models/mask-classifier";

    private ModelLocator() {}

    /**
     * The shipped model directory: under {@code maskwatch.home} (set by the launcher), else the
     * working directory or one of its parents (running from a checkout or a module folder).
     */
    public static Path defaultModelDir() {
        return installed(SHIPPED_MODEL).orElse(Path.of(SHIPPED_MODEL));
    }

    /**
     * A path relative to the installation ({@code models/...}): under {@code maskwatch.home}, else
     * under the working directory or one of its parents.
     */
    public static Optional<Path> installed(String relative) {
        String home = System.getProperty("maskwatch.home");
        if (home != null && Files.exists(Path.of(home, relative))) {
            return Optional.of(Path.of(home, relative));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
