package io.maskwatch.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the JSON bodies of state changes; a bad one is a 400 naming the field and what it expects. */
public final class JsonRequest {
    /** The most alerts one request may act on (review, delete). */
    public static final int MAX_ALERT_IDS = 500;

    private JsonRequest() {}

    /** The body as a JSON object; {@code shape} says what is expected, e.g. {@code {"ids": [...]}}. */
    public static JsonNode object(Context ctx, ObjectMapper json, String shape) {
        JsonNode body;
        try {
            body = json.readTree(ctx.body());
        } catch (IOException e) {
            throw WebProblem.badParameter("body", "a JSON object " + shape, ctx.body());
        }
        if (body == null || !body.isObject()) {
            throw WebProblem.badParameter("body", "a JSON object " + shape, ctx.body());
        }
        return body;
    }

    /** The field {@code ids}: 1 to {@link #MAX_ALERT_IDS} positive alert ids. */
    public static List<Long> alertIds(JsonNode body) {
        JsonNode node = body.get("ids");
        String expected = "a list of 1 to " + MAX_ALERT_IDS + " alert ids";
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_ALERT_IDS) {
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
