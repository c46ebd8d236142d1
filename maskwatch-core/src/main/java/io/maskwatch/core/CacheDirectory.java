package io.maskwatch.core;

import java.nio.file.Path;

/** MaskWatch's per-user cache: {@code $XDG_CACHE_HOME/maskwatch}, else {@code ~/.cache/maskwatch}. */
public final class CacheDirectory {
    private CacheDirectory() {}

    public static Path root() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("maskwatch");
    }
}
