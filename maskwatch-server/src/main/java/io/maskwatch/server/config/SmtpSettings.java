package io.maskwatch.server.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.maskwatch.core.UserError;
import java.util.Locale;
import java.util.function.Function;

/**
 * The {@code smtp:} section. The password only from the environment variable named by
 * {@code password_env} (default {@code MASKWATCH_SMTP_PASSWORD}).
 *
 * @param tls {@code starttls} (port 587), {@code ssl} (port 465) or {@code none} (local relays, tests)
 * @param from the sender, e.g. {@code MaskWatch <alerts@example.com>}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SmtpSettings(
        String host,
        Integer port,
        String tls,
        String username,
        String passwordEnv,
        String from,
        Integer timeoutSeconds) {
    public static final String DEFAULT_PASSWORD_ENV = "MASKWATCH_SMTP_PASSWORD";

    public SmtpSettings {
        tls = tls == null || tls.isBlank() ? "starttls" : tls.trim().toLowerCase(Locale.ROOT);
        if (!tls.equals("starttls") && !tls.equals("ssl") && !tls.equals("none")) {
            throw new UserError("smtp.tls: " + tls + " is not one of starttls, ssl, none");
        }
        port = port == null ? (tls.equals("ssl") ? 465 : tls.equals("starttls") ? 587 : 25) : port;
        passwordEnv = passwordEnv == null || passwordEnv.isBlank() ? DEFAULT_PASSWORD_ENV : passwordEnv;
        timeoutSeconds = timeoutSeconds == null ? 20 : timeoutSeconds;
    }

    public SmtpSettings withEnvironment(Function<String, String> env) {
        String envHost = env.apply("MASKWATCH_SMTP_HOST");
        return new SmtpSettings(
                envHost == null || envHost.isBlank() ? host : envHost,
                port,
                tls,
                username,
                passwordEnv,
                from,
                timeoutSeconds);
    }

    public void validate() {
        if (host == null || host.isBlank()) {
            throw new UserError("smtp.host is not set; set it in the server configuration or MASKWATCH_SMTP_HOST");
        }
        if (from == null || from.isBlank()) {
            throw new UserError(
                    "smtp.from is not set; give the sender address, e.g. \"MaskWatch <alerts@example.com>\"");
        }
    }
}
