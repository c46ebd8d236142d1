package io.maskwatch.server.web.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.maskwatch.server.privacy.AuditAction;
import io.maskwatch.server.privacy.AuditLog;
import io.maskwatch.server.web.JsonRequest;
import io.maskwatch.server.web.auth.Access;
import io.maskwatch.server.web.auth.AccessControl;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reviewing alerts (admins): {@code POST /api/alerts/review} with {@code {"ids": [..],
 * "verdict": "confirmed" | "false_alarm"}}, each recorded in the audit log; and the false-alarm
 * rates per device and per model.
 */
public final class ReviewRoutes {
    private static final Logger log = LoggerFactory.getLogger(ReviewRoutes.class);

    private final ReviewRepository reviews;
    private final ObjectMapper json;
    private final Clock clock;
    private final AuditLog audit;

    public ReviewRoutes(ReviewRepository reviews, ObjectMapper json, Clock clock, AuditLog audit) {
        this.reviews = reviews;
        this.json = json;
        this.clock = clock;
        this.audit = audit;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/alerts/review", this::review, Access.ADMIN);
        routes.get(
                "/api/review/false-alarm-rates",
                ctx -> ctx.json(Map.of("per_device", reviews.perDevice(), "per_model", reviews.perModel())),
                Access.VIEWER);
    }

    private void review(Context ctx) {
        JsonNode body = JsonRequest.object(ctx, json, "{\"ids\": [...], \"verdict\": ...}");
        Verdict verdict = Verdict.parse(body.path("verdict").asText(null));
        List<Long> ids = JsonRequest.alertIds(body);
        String user = AccessControl.session(ctx).user().name();
        int updated = reviews.review(ids, verdict, user, clock.instant());
        audit.record(user, AuditAction.REVIEW, updated, null, Map.of("verdict", verdict.apiName(), "ids", ids));
        log.info("{} marked {} alert(s) {}", user, updated, verdict.apiName());
        ctx.json(Map.of("updated", updated, "verdict", verdict.apiName()));
    }
}
