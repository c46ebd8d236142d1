package io.maskwatch.server.web.auth;

import io.javalin.security.RouteRole;

/** Who a route is for: anyone ({@code /health}, the login page), any logged-in user, or admins. */
public enum Access implements RouteRole {
    PUBLIC,
    VIEWER,
    ADMIN
}
