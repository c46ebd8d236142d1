package io.maskwatch.server.web.auth;

import io.maskwatch.server.config.DashboardUser;

/** A logged-in user's session: who, as what, and the token state changes must carry. */
public record Session(String tokenHash, DashboardUser user, String csrfToken) {
    public boolean isAdmin() {
        return user.role() == DashboardUser.Role.ADMIN;
    }
}
