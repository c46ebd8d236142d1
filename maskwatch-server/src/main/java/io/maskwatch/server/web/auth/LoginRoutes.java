package io.maskwatch.server.web.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.maskwatch.core.passwords.Passwords;
import io.maskwatch.server.config.DashboardSettings;
import io.maskwatch.server.config.DashboardUser;
import io.maskwatch.server.privacy.AuditAction;
import io.maskwatch.server.privacy.AuditLog;
import io.maskwatch.server.web.PageRenderer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The login page, logging in (a form post) and logging out. Every login, good or refused, is audited. */
public final class LoginRoutes {
    private static final Logger log = LoggerFactory.getLogger(LoginRoutes.class);

    private final DashboardSettings settings;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final PageRenderer pages;
    private final AuditLog audit;

    public LoginRoutes(
            DashboardSettings settings,
            SessionStore sessions,
            LoginThrottle throttle,
            PageRenderer pages,
            AuditLog audit) {
        this.settings = settings;
        this.sessions = sessions;
        this.throttle = throttle;
        this.pages = pages;
        this.audit = audit;
    }

    public void register(RoutesConfig routes) {
        routes.get("/login", ctx -> showLogin(ctx, 200, null), Access.PUBLIC);
        routes.post("/login", this::login, Access.PUBLIC);
        routes.post("/logout", this::logout, Access.VIEWER);
    }

    private void login(Context ctx) {
        String name = String.valueOf(ctx.formParam("username")).trim();
        String password = ctx.formParam("password");
        Optional<Duration> wait = throttle.waitBefore(name);
        if (wait.isPresent()) {
            log.warn(
                    "Login refused for '{}': too many failed attempts in a row, {} s left",
                    name,
                    wait.get().toSeconds());
            auditFailure(ctx, name, "slowed down after failed logins in a row");
            showLogin(
                    ctx,
                    429,
                    "Too many failed logins for this account. Try again in "
                            + (wait.get().toSeconds() + 1) + " seconds.");
            return;
        }
        Optional<DashboardUser> user = settings.user(name);
        boolean good = user.isPresent()
                ? Passwords.matches(password, user.get().passwordHash())
                : Passwords.matchesNobody(password);
        if (!good) {
            throttle.failed(name);
            log.warn("Failed login for '{}' from {}", name, ctx.ip());
            auditFailure(ctx, name, "wrong user name or password");
            showLogin(ctx, 401, "Wrong user name or password.");
            return;
        }
        throttle.succeeded(name);
        String token = sessions.create(user.get());
        ctx.header("Set-Cookie", cookie(token, false));
        log.info("{} logged in from {}", name, ctx.ip());
        audit.record(name, AuditAction.LOGIN, 1, null, Map.of("from", ctx.ip()));
        ctx.redirect(safeNext(ctx.formParam("next")));
    }

    /**
     * A refused login, under the name as typed (cut to 100 characters: the field is free text), and
     * whether such a user exists, so a reader tells a mistyped password from someone guessing names.
     */
    private void auditFailure(Context ctx, String name, String why) {
        String actor = name.length() > 100 ? name.substring(0, 100) : name;
        audit.record(
                actor,
                AuditAction.LOGIN_FAILED,
                1,
                null,
                Map.of(
                        "from",
                        ctx.ip(),
                        "why",
                        why,
                        "known_user",
                        settings.user(name).isPresent()));
    }

    private void logout(Context ctx) {
        sessions.end(AccessControl.session(ctx));
        ctx.header("Set-Cookie", cookie("", true));
        ctx.redirect("/login");
    }

    private void showLogin(Context ctx, int status, String error) {
        Map<String, Object> values = new HashMap<>();
        values.put("error", error);
        values.put("next", safeNext(ctx.queryParam("next") != null ? ctx.queryParam("next") : ctx.formParam("next")));
        values.put("noUsers", settings.users().isEmpty());
        values.put("username", ctx.formParam("username"));
        ctx.status(status).html(pages.render("login", values));
    }

    /**
     * HttpOnly (no script reads it), SameSite=Lax (no other site's form carries it; a link from an
     * alert email still does), Secure behind TLS. No Max-Age: the server ends idle sessions.
     */
    private String cookie(String token, boolean expire) {
        return AccessControl.COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Lax"
                + (settings.secureCookies() ? "; Secure" : "") + (expire ? "; Max-Age=0" : "");
    }

    /** Only a path of this server: a login link must not send the user to another site. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) {
            return "/alerts";
        }
        return next;
    }
}
