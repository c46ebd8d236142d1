package io.maskwatch.core.config;

import io.maskwatch.core.InputException;

/**
 * A configuration file or setting that cannot be used: the message names the file, the full key
 * ({@code tracking.cooldown_seconds}), the value found and what is allowed.
 */
public class ConfigException extends InputException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
