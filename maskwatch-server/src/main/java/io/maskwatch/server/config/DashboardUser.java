package io.maskwatch.server.config;

import io.maskwatch.core.config.ConfigSection;
import java.util.Locale;

/**
 * One entry of {@code dashboard.users}: who may log in, as what, and the BCrypt hash of their
 * password ({@code maskwatch users hash-password} makes one). The password itself is never
 * written anywhere.
 */
public record DashboardUser(String name, Role role, String passwordHash) {
    /** What a user may do: a viewer looks; an admin also reviews, exports and deletes. */
    public enum Role {
        VIEWER,
        ADMIN;

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static DashboardUser read(ConfigSection s) {
        String name = s.string("name", "");
        String roleText = s.string("role", "viewer").trim().toLowerCase(Locale.ROOT);
        String hash = s.string("password_hash", "");
        s.rejectUnknownKeys();
        if (name.isBlank()) {
            throw s.error("name", "every user needs a name");
        }
        Role role = switch (roleText) {
            case "viewer" -> Role.VIEWER;
            case "admin" -> Role.ADMIN;
            default -> throw s.error("role", "expected viewer or admin, got '" + roleText + "'");
        };
        if (!hash.matches("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
            throw s.error(
                    "password_hash",
                    "expected a BCrypt hash ($2a$12$...); make one with 'maskwatch users hash-password'"
                            + " (it reads the password from stdin)");
        }
        return new DashboardUser(name, role, hash);
    }

    /** Never prints the hash. */
    @Override
    public String toString() {
        return "DashboardUser[" + name + ", " + role.configName() + "]";
    }
}
