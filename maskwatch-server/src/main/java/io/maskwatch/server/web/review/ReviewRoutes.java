package io.maskwatch.server.web.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.maskwatch.server.web.WebProblem;
import io.maskwatch.server.web.auth.Access;
import io.maskwatch.server.web.auth.AccessControl;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reviewing alerts (admins): {@code POST /api/alerts/review} with {@code {"ids": [..],
 * "verdict": "confirmed" | "false_alarm"}}; and the false-alarm rates per device and per model.
 */
public final class ReviewRoutes {
    private static final Logger log = LoggerFactory.getLogger(ReviewRoutes.class);
    static final int MAX_IDS = 500;

    private final ReviewRepository reviews;
    private final ObjectMapper json;
    private final Clock clock;

    public ReviewRoutes(ReviewRepository reviews, ObjectMapper json, Clock clock) {
        this.reviews = reviews;
        this.json = json;
        this.clock = clock;
    }

    public void register(RoutesConfig routes) {
        routes.post("/api/alerts/review", this::review, Access.ADMIN);
        routes.get(
                "/api/review/false-alarm-rates",
                ctx -> ctx.json(Map.of("per_device", reviews.perDevice(), "per_model", reviews.perModel())),
                Access.VIEWER);
    }

    private void review(Context ctx) {
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (IOException e) {
            throw WebProblem.badParameter("body", "a JSON object {\"ids\": [...], \"verdict\": ...}", ctx.body());
        }
        if (body == null || !body.isObject()) {
            throw WebProblem.badParameter("body", "a JSON object {\"ids\": [...], \"verdict\": ...}", ctx.body());
        }
        Verdict verdict = Verdict.parse(body.path("verdict").asText(null));
        List<Long> ids = ids(body.get("ids"));
        String user = AccessControl.session(ctx).user().name();
        int updated = reviews.review(ids, verdict, user, clock.instant());
        log.info("{} marked {} alert(s) {}", user, updated, verdict.apiName());
        ctx.json(Map.of("updated", updated, "verdict", verdict.apiName()));
    }

    private static List<Long> ids(JsonNode node) {
        String expected = "a list of 1 to " + MAX_IDS + " alert ids";
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_IDS) {
            throw WebProblem.badParameter("ids", expected, String.valueOf(node));
        }
        List<Long> ids = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.canConvertToLong() || !item.isIntegralNumber() || item.asLong() <= 0) {
                throw WebProblem.badParameter("ids", expected, String.valueOf(node));
            }
            ids.add(item.asLong());
        }
        return ids;
    }
}
