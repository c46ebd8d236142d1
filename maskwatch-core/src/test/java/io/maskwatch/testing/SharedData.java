package io.maskwatch.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code ../shared} (real images, models, video) for tests. Absent on a user's fresh
 * clone: tests skip with a printed reason. In CI ({@code MASKWATCH_REQUIRE_SHARED=1}) a missing
 * folder is a failure.
 */
public final class SharedData {
    private SharedData() {}

    /** The shared folder, or fails / skips the calling test when it is not there. */
    public static Path require(String relative) {
        Path root = root();
        Path path = root.resolve(relative);
        if (!Files.exists(path)) {
            String reason =
                    "../shared data not found at " + path.toAbsolutePath().normalize();
            if ("1".equals(System.getenv("MASKWATCH_REQUIRE_SHARED"))) {
                throw new AssertionError(reason + " (MASKWATCH_REQUIRE_SHARED=1 makes this a failure)");
            }
            System.out.println("SKIPPED: " + reason);
            assumeTrue(false, reason);
        }
        return path;
    }

    /** Root of the shared folder: system property {@code maskwatch.shared}, else ../shared. */
    public static Path root() {
        String configured = System.getProperty("maskwatch.shared");
        return configured != null ? Path.of(configured) : Path.of("..", "shared");
    }

    /** Root of the repository checkout (for the shipped model under models/). */
    public static Path repoRoot() {
        String configured = System.getProperty("maskwatch.root");
        return configured != null ? Path.of(configured) : Path.of("..");
    }
}
