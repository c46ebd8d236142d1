package io.maskwatch.edge.config;

import io.maskwatch.core.config.ConfigSection;

/**
 * {@code live_view}: the device's own web page with each source's annotated frames, its counts and
 * its last events ({@code io.maskwatch.edge.live.LiveView}). Off by default; on, it asks for a
 * user and a BCrypt password hash, and listens on this machine only unless {@code bind} says
 * otherwise.
 *
 * @param port 0: any free port (the log names the one taken)
 * @param passwordHash the BCrypt hash of the password ({@code maskwatch users hash-password}
 *     prints one), never the password itself
 * @param maxFps the most frames a second drawn and encoded for a watched source
 */
public record LiveViewConfig(boolean enabled, String bind, int port, String user, String passwordHash, double maxFps) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8090;
    public static final double DEFAULT_MAX_FPS = 5;
    private static final String BCRYPT = "\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}";

    public static LiveViewConfig read(ConfigSection s) {
        LiveViewConfig c = new LiveViewConfig(
                s.bool("enabled", false),
                s.string("bind", DEFAULT_BIND).trim(),
                s.integer("port", DEFAULT_PORT, 0, 65_535),
                s.string("user", "").trim(),
                s.string("password_hash", "").trim(),
                s.decimal("max_fps", DEFAULT_MAX_FPS, 0.1, 30));
        s.rejectUnknownKeys();
        if (c.bind.isEmpty()) {
            throw s.error(
                    "bind", "expected an address to listen on (127.0.0.1: this machine only; 0.0.0.0: every network)");
        }
        if (c.user.contains(":")) {
            throw s.error("user", "a user name cannot hold ':' (HTTP Basic authentication splits at it)");
        }
        if (!c.passwordHash.isEmpty() && !c.passwordHash.matches(BCRYPT)) {
            throw s.error(
                    "password_hash",
                    "expected a BCrypt hash ($2a$12$...), never the password itself; make one with"
                            + " 'maskwatch users hash-password' (it reads the password from stdin)");
        }
        if (c.enabled && (c.user.isEmpty() || c.passwordHash.isEmpty())) {
            throw s.error(
                    "enabled",
                    "the live view needs live_view.user and live_view.password_hash (missing: "
                            + (c.user.isEmpty() ? "user" : "")
                            + (c.user.isEmpty() && c.passwordHash.isEmpty() ? ", " : "")
                            + (c.passwordHash.isEmpty() ? "password_hash" : "")
                            + "); set both (password_hash: the BCrypt hash 'maskwatch users hash-password' prints,"
                            + " or MASKWATCH_LIVE_VIEW_PASSWORD_HASH), or set live_view.enabled to false");
        }
        return c;
    }

    /** Never prints the hash. */
    @Override
    public String toString() {
        return "LiveViewConfig[enabled=" + enabled + ", " + bind + ":" + port + ", user " + user + ", max_fps " + maxFps
                + "]";
    }
}
