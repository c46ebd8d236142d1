package io.maskwatch.server.config;

import io.maskwatch.core.config.ConfigException;
import io.maskwatch.core.config.ConfigSection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code dashboard:} section: where the web dashboard listens, who may log in, how long a
 * session lives without use and when a silent device counts as stale. TLS is optional (a PKCS#12
 * or JKS keystore); without it, put a reverse proxy that speaks TLS in front.
 *
 * @param bind address to listen on; {@code 127.0.0.1} (the default) serves only this machine
 * @param secureCookies mark the session cookie Secure (always with TLS; set it behind a TLS proxy)
 */
public record DashboardSettings(
        boolean enabled,
        String bind,
        int port,
        Duration sessionIdle,
        Duration deviceStaleAfter,
        Optional<Path> tlsKeystore,
        String tlsKeystorePasswordEnv,
        boolean secureCookies,
        List<DashboardUser> users) {
    public static final String DEFAULT_KEYSTORE_PASSWORD_ENV = "MASKWATCH_DASHBOARD_KEYSTORE_PASSWORD";

    public DashboardSettings {
        users = List.copyOf(users);
    }

    public static DashboardSettings defaults() {
        return new DashboardSettings(
                true,
                "127.0.0.1",
                8080,
                Duration.ofMinutes(30),
                Duration.ofMinutes(5),
                Optional.empty(),
                DEFAULT_KEYSTORE_PASSWORD_ENV,
                false,
                List.of());
    }

    static DashboardSettings read(ConfigSection s) {
        boolean enabled = s.bool("enabled", true);
        String bind = s.string("bind", "127.0.0.1");
        int port = s.integer("port", 8080, 0, 65535);
        int idleMinutes = s.integer("session_idle_minutes", 30, 1, 7 * 24 * 60);
        int staleSeconds = s.integer("device_stale_seconds", 300, 10, 7 * 24 * 3600);
        String keystore = s.string("tls_keystore", "");
        String passwordEnv = s.string("tls_keystore_password_env", DEFAULT_KEYSTORE_PASSWORD_ENV);
        boolean secure = s.bool("secure_cookies", false);
        List<DashboardUser> users =
                s.list("users", "name").stream().map(DashboardUser::read).toList();
        s.rejectUnknownKeys();
        Set<String> names = new HashSet<>();
        for (DashboardUser user : users) {
            if (!names.add(user.name())) {
                throw new ConfigException("dashboard.users: the user name '" + user.name() + "' appears twice");
            }
        }
        Optional<Path> tls = keystore.isBlank() ? Optional.empty() : Optional.of(Path.of(keystore));
        return new DashboardSettings(
                enabled,
                bind,
                port,
                Duration.ofMinutes(idleMinutes),
                Duration.ofSeconds(staleSeconds),
                tls,
                passwordEnv,
                secure || tls.isPresent(),
                users);
    }

    /** The keystore's password, from the environment only. */
    public String tlsKeystorePassword(Function<String, String> env) {
        String password = env.apply(tlsKeystorePasswordEnv);
        if (password == null) {
            throw new ConfigException("dashboard.tls_keystore is set but the variable " + tlsKeystorePasswordEnv
                    + " (dashboard.tls_keystore_password_env) holding its password is not");
        }
        return password;
    }

    public Optional<DashboardUser> user(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    public DashboardSettings withUsers(List<DashboardUser> others) {
        return new DashboardSettings(
                enabled,
                bind,
                port,
                sessionIdle,
                deviceStaleAfter,
                tlsKeystore,
                tlsKeystorePasswordEnv,
                secureCookies,
                others);
    }

    public DashboardSettings withPort(int other) {
        return new DashboardSettings(
                enabled,
                bind,
                other,
                sessionIdle,
                deviceStaleAfter,
                tlsKeystore,
                tlsKeystorePasswordEnv,
                secureCookies,
                users);
    }

    /** Served over HTTPS from {@code keystore}, its password in the variable {@code passwordEnv}. */
    public DashboardSettings withTls(Path keystore, String passwordEnv) {
        return new DashboardSettings(
                enabled, bind, port, sessionIdle, deviceStaleAfter, Optional.of(keystore), passwordEnv, true, users);
    }

    public DashboardSettings withTimes(Duration idle, Duration stale) {
        return new DashboardSettings(
                enabled, bind, port, idle, stale, tlsKeystore, tlsKeystorePasswordEnv, secureCookies, users);
    }
}
