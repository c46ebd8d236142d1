package io.maskwatch.server.web.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.maskwatch.server.privacy.AlertDeletion;
import io.maskwatch.server.privacy.AuditAction;
import io.maskwatch.server.privacy.AuditEntry;
import io.maskwatch.server.privacy.AuditLog;
import io.maskwatch.server.privacy.DeletionCriteria;
import io.maskwatch.server.web.JsonRequest;
import io.maskwatch.server.web.QueryParams;
import io.maskwatch.server.web.WebProblem;
import io.maskwatch.server.web.auth.Access;
import io.maskwatch.server.web.auth.AccessControl;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admins only: deleting alerts on request ({@code POST /api/alerts/delete} with {@code {"ids":
 * [..], "reason": "..."}}), each with its image and delivery records, and reading the audit log
 * ({@code GET /api/audit}, newest first).
 */
public final class PrivacyRoutes {
    private static final Logger log = LoggerFactory.getLogger(PrivacyRoutes.class);
    /** A reason is a sentence or two for the audit log, not a document. */
    static final int MAX_REASON = 1000;

    private final AlertDeletion deletion;
    private final AuditLog audit;
    private final ObjectMapper json;

    public PrivacyRoutes(AlertDeletion deletion, AuditLog audit, ObjectMapper json) {
        this.deletion = deletion;
        this.audit = audit;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/alerts/delete", this::delete, Access.ADMIN);
        routes.get("/api/audit", this::audit, Access.ADMIN);
    }

    private void delete(Context ctx) {
        JsonNode body = JsonRequest.object(ctx, json, "{\"ids\": [...], \"reason\": \"...\"}");
        List<Long> ids = JsonRequest.alertIds(body);
        String reason = reason(body.get("reason"));
        String user = AccessControl.session(ctx).user().name();
        AlertDeletion.Deleted deleted =
                deletion.delete(DeletionCriteria.ids(ids), user, reason, Map.of("via", "dashboard"));
        log.info(
                "{} deleted {} alert(s) with {} image(s) and {} delivery record(s): {} (audit record {})",
                user,
                deleted.alerts(),
                deleted.images(),
                deleted.deliveries(),
                reason,
                deleted.auditId());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("deleted", deleted.alerts());
        answer.put("images", deleted.images());
        answer.put("deliveries", deleted.deliveries());
        answer.put("audit_id", deleted.auditId());
        ctx.json(answer);
    }

    private static String reason(JsonNode node) {
        String expected =
                "why the alerts are deleted, in words (1 to " + MAX_REASON + " characters; kept in the" + " audit log)";
        if (node == null
                || !node.isTextual()
                || node.asText().isBlank()
                || node.asText().length() > MAX_REASON) {
            throw WebProblem.badParameter("reason", expected, node == null ? "" : node.toString());
        }
        return node.asText().trim();
    }

    private void audit(Context ctx) {
        QueryParams params = new QueryParams(ctx);
        int limit = params.integer("limit", 50, 1, 200);
        Optional<Long> before = params.id("before");
        Optional<AuditAction> action = Optional.ofNullable(params.oneOf("action", AuditAction.apiNames(), null))
                .map(name -> AuditAction.valueOf(name.toUpperCase(Locale.ROOT)));
        // One more than asked: whether there is an older page, without counting.
        List<AuditEntry> entries = audit.newest(limit + 1, before, action);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("entries", entries.subList(0, Math.min(limit, entries.size())));
        page.put("next_before", entries.size() > limit ? entries.get(limit - 1).id() : null);
        ctx.json(page);
    }
}
