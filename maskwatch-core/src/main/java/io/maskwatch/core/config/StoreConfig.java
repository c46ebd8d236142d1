package io.maskwatch.core.config;

/** {@code store}: the device's SQLite event store (shared with the dispatcher). */
public record StoreConfig(String path) {
    public static final String DEFAULT_PATH = "data/maskwatch.db";

    static StoreConfig read(ConfigSection s) {
        StoreConfig c = new StoreConfig(s.string("path", DEFAULT_PATH));
        // The event store owns this section and may add keys: unknown ones are left to it.
        return c;
    }
}
