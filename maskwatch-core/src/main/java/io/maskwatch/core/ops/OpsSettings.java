package io.maskwatch.core.ops;

import io.maskwatch.core.config.ConfigSection;

/**
 * Where a process serves {@code /metrics} and {@code /health} (the {@code ops:} section of the device's
 * and of the server's configuration).
 *
 * @param bind the address to listen on; {@code 127.0.0.1}, the default, serves this machine only
 * @param port the port; {@code null} when the file gives none, so each command takes its own default
 *     (two commands may run on one machine); 0 turns the endpoint off
 */
public record OpsSettings(String bind, Integer port) {
    public static final String DEFAULT_BIND = "127.0.0.1";

    public static OpsSettings defaults() {
        return new OpsSettings(DEFAULT_BIND, null);
    }

    /**
     * Reads {@code bind} and {@code port} of {@code s}; the caller reads the keys of its own and then
     * rejects unknown ones.
     */
    public static OpsSettings readFrom(ConfigSection s) {
        return new OpsSettings(s.string("bind", DEFAULT_BIND), s.optionalInteger("port", 0, 65535));
    }

    /** The port to listen on: the configured one, else {@code commandDefault}; 0: no endpoint. */
    public int portOr(int commandDefault) {
        return port != null ? port : commandDefault;
    }
}
