package io.maskwatch.server.config;

import io.maskwatch.core.config.ConfigException;
import io.maskwatch.core.config.ConfigSection;
import java.util.Locale;

/**
 * The {@code smtp:} section. The password only from the environment variable named by
 * {@code password_env} (default {@code MASKWATCH_SMTP_PASSWORD}).
 *
 * @param tls {@code starttls} (port 587), {@code ssl} (port 465) or {@code none} (local relays, tests)
 * @param from the sender, e.g. {@code MaskWatch <alerts@example.com>}
 * @param maxImageKb a face crop larger than this is scaled down before it is attached, so that no
 *     server refuses an email for its size (default 256)
 */
public record SmtpSettings(
        String host,
        Integer port,
        String tls,
        String username,
        String passwordEnv,
        String from,
        Integer timeoutSeconds,
        Integer maxImageKb) {
    public static final String DEFAULT_PASSWORD_ENV = "MASKWATCH_SMTP_PASSWORD";

    public SmtpSettings {
        tls = tls == null || tls.isBlank() ? "starttls" : tls.trim().toLowerCase(Locale.ROOT);
        if (!tls.equals("starttls") && !tls.equals("ssl") && !tls.equals("none")) {
            throw new ConfigException("smtp.tls: " + tls + " is not one of starttls, ssl, none");
        }
        port = port == null ? (tls.equals("ssl") ? 465 : tls.equals("starttls") ? 587 : 25) : port;
        passwordEnv = passwordEnv == null || passwordEnv.isBlank() ? DEFAULT_PASSWORD_ENV : passwordEnv;
        timeoutSeconds = timeoutSeconds == null ? 20 : timeoutSeconds;
        maxImageKb = maxImageKb == null ? 256 : maxImageKb;
        if (maxImageKb < 8) {
            throw new ConfigException("smtp.max_image_kb must be at least 8 (a face crop needs a few kilobytes)");
        }
    }

    /** The {@code smtp} section. */
    static SmtpSettings read(ConfigSection s) {
        SmtpSettings settings = new SmtpSettings(
                s.string("host", null),
                s.optionalInteger("port", 1, 65535),
                s.string("tls", null),
                s.string("username", null),
                s.string("password_env", null),
                s.string("from", null),
                s.optionalInteger("timeout_seconds", 1, 600),
                s.optionalInteger("max_image_kb", 8, 100_000));
        s.rejectUnknownKeys();
        return settings;
    }

    /** A convenience for local servers without TLS or login (dev-stack, tests, benchmarks). */
    public static SmtpSettings plain(String host, int port, String from, int timeoutSeconds) {
        return new SmtpSettings(host, port, "none", null, null, from, timeoutSeconds, null);
    }

    public int maxImageBytes() {
        return maxImageKb * 1024;
    }

    public void validate() {
        if (host == null || host.isBlank()) {
            throw new ConfigException(
                    "smtp.host is not set; set it in the server configuration or MASKWATCH_SMTP_HOST");
        }
        if (from == null || from.isBlank()) {
            throw new ConfigException(
                    "smtp.from is not set; give the sender address, e.g. \"MaskWatch <alerts@example.com>\"");
        }
    }
}
