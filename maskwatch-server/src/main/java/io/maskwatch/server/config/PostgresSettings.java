package io.maskwatch.server.config;

import io.maskwatch.core.config.ConfigException;
import io.maskwatch.core.config.ConfigSection;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code postgres:} section. The password comes only from the environment variable named by
 * {@code password_env} (default {@code MASKWATCH_PG_PASSWORD}); {@code MASKWATCH_POSTGRES_URL} and
 * {@code MASKWATCH_POSTGRES_USER} override the file, as every key's variable does.
 *
 * @param url JDBC URL, e.g. {@code jdbc:postgresql://db.internal:5432/maskwatch?sslmode=verify-full}
 * @param poolSize connections in the pool (ingress and notifier together)
 */
public record PostgresSettings(String url, String user, String passwordEnv, Integer poolSize) {
    public static final String DEFAULT_PASSWORD_ENV = "MASKWATCH_PG_PASSWORD";

    /** {@code postgres[ql]://[user[:password]@]host[:port]/database[?parameters]} */
    private static final Pattern LIBPQ_URL =
            Pattern.compile("postgres(?:ql)?://(?:(?<user>[^:@/]+)(?::(?<password>[^@/]*))?@)?(?<rest>[^@]+)");

    public PostgresSettings {
        passwordEnv = passwordEnv == null || passwordEnv.isBlank() ? DEFAULT_PASSWORD_ENV : passwordEnv;
        poolSize = poolSize == null ? 8 : poolSize;
        if (poolSize < 2) {
            throw new ConfigException("postgres.pool_size must be at least 2 (ingress and notifier each hold one)");
        }
    }

    /** The {@code postgres} section. */
    static PostgresSettings read(ConfigSection s) {
        PostgresSettings settings = new PostgresSettings(
                s.string("url", null),
                s.string("user", null),
                s.string("password_env", null),
                s.optionalInteger("pool_size", 2, 1000));
        s.rejectUnknownKeys();
        return settings;
    }

    /**
     * With the older variables MASKWATCH_PG_URL and MASKWATCH_PG_USER, which name the section
     * otherwise than the one rule ({@code MASKWATCH_POSTGRES_URL}, applied when the file is read):
     * still honoured where the rule's variable is not set.
     */
    public PostgresSettings withEnvironment(Function<String, String> env) {
        String envUrl = blank(env.apply("MASKWATCH_POSTGRES_URL")) ? env.apply("MASKWATCH_PG_URL") : null;
        String envUser = blank(env.apply("MASKWATCH_POSTGRES_USER")) ? env.apply("MASKWATCH_PG_USER") : null;
        return new PostgresSettings(
                envUrl == null || envUrl.isBlank() ? url : envUrl,
                envUser == null || envUser.isBlank() ? user : envUser,
                passwordEnv,
                poolSize);
    }

    /**
     * The JDBC URL. The {@code postgres://} and {@code postgresql://} forms of libpq and most hosting
     * panels are accepted and turned into {@code jdbc:postgresql://}; a password in them is refused,
     * as everywhere in the configuration.
     */
    public String requireUrl() {
        if (url == null || url.isBlank()) {
            throw new ConfigException(
                    "postgres.url is not set; set it in the server configuration or in MASKWATCH_POSTGRES_URL"
                            + " (e.g. jdbc:postgresql://localhost:5432/maskwatch), or try 'maskwatch dev-stack'");
        }
        String trimmed = url.trim();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return trimmed;
        }
        Matcher libpq = LIBPQ_URL.matcher(trimmed);
        if (libpq.matches()) {
            if (libpq.group("password") != null) {
                throw new ConfigException(
                        "postgres.url holds a password; remove it from the URL and put it in the variable"
                                + " named by postgres.password_env (default MASKWATCH_PG_PASSWORD)");
            }
            return "jdbc:postgresql://" + libpq.group("rest");
        }
        throw new ConfigException("postgres.url '" + trimmed + "' is not a PostgreSQL URL; expected"
                + " jdbc:postgresql://HOST:PORT/DATABASE (or postgres://HOST:PORT/DATABASE)");
    }

    /** The user: {@code postgres.user}, else the one named in a {@code postgres://user@host/db} URL. */
    public String effectiveUser() {
        if (user != null && !user.isBlank()) {
            return user;
        }
        Matcher libpq = url == null ? null : LIBPQ_URL.matcher(url.trim());
        return libpq != null && libpq.matches() ? libpq.group("user") : null;
    }

    public String password(Function<String, String> env) {
        return env.apply(passwordEnv);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
