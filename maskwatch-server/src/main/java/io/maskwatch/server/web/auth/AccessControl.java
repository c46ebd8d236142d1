package io.maskwatch.server.web.auth;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import io.maskwatch.server.web.WebProblem;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;

/**
 * Runs before every matched route. Face images are personal data: nothing but the routes marked
 * {@link Access#PUBLIC} is served without a session. Without one, the API answers 401 and pages
 * send the browser to the login page. {@link Access#ADMIN} routes answer 403 to viewers, and
 * every state change must carry the session's CSRF token (header {@code X-CSRF-Token}, or the
 * form field {@code _csrf}).
 */
public final class AccessControl {
    public static final String COOKIE = "maskwatch_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String SESSION_ATTRIBUTE = "maskwatch.session";

    private final SessionStore sessions;

    public AccessControl(SessionStore sessions) {
        this.sessions = sessions;
    }

    public void check(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.contains(Access.PUBLIC)) {
            return;
        }
        Optional<Session> session = sessions.find(ctx.cookie(COOKIE));
        if (session.isEmpty()) {
            if (isApi(ctx)) {
                throw WebProblem.notLoggedIn();
            }
            String back = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.redirect("/login?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute(SESSION_ATTRIBUTE, session.get());
        if (roles.contains(Access.ADMIN) && !session.get().isAdmin()) {
            throw WebProblem.forbidden(
                    "this needs the admin role; " + session.get().user().name() + " is a viewer");
        }
        if (changesState(ctx.method()) && !csrfMatches(ctx, session.get())) {
            throw WebProblem.forbidden("missing or wrong CSRF token: send the session's token in the " + CSRF_HEADER
                    + " header (GET /api/me gives it)");
        }
    }

    /** The session the access check found (every non-public route has one). */
    public static Session session(Context ctx) {
        Session session = ctx.attribute(SESSION_ATTRIBUTE);
        if (session == null) {
            throw WebProblem.notLoggedIn();
        }
        return session;
    }

    static boolean isApi(Context ctx) {
        return ctx.path().startsWith("/api/");
    }

    private static boolean changesState(HandlerType method) {
        return method == HandlerType.POST
                || method == HandlerType.PUT
                || method == HandlerType.PATCH
                || method == HandlerType.DELETE;
    }

    private static boolean csrfMatches(Context ctx, Session session) {
        String sent = ctx.header(CSRF_HEADER);
        String type = ctx.contentType();
        if (sent == null && type != null && type.startsWith("application/x-www-form-urlencoded")) {
            sent = ctx.formParam("_csrf");
        }
        return sent != null
                && MessageDigest.isEqual(
                        sent.getBytes(StandardCharsets.UTF_8),
                        session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }
}
