package io.maskwatch.server.web;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** Reads query parameters; a bad one is a 400 naming it and what it expects. */
public final class QueryParams {
    private final Context ctx;

    public QueryParams(Context ctx) {
        this.ctx = ctx;
    }

    public Optional<String> text(String name) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public Optional<Instant> instant(String name) {
        return text(name).map(value -> {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw WebProblem.badParameter(name, "an ISO-8601 instant such as 2026-12-03T09:00:00Z", value);
            }
        });
    }

    public int integer(String name, int fallback, int min, int max) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return fallback;
        }
        String expected = "a whole number from " + min + " to " + max;
        try {
            int n = Integer.parseInt(value.get());
            if (n < min || n > max) {
                throw WebProblem.badParameter(name, expected, value.get());
            }
            return n;
        } catch (NumberFormatException e) {
            throw WebProblem.badParameter(name, expected, value.get());
        }
    }

    /** One of {@code allowed}, or {@code fallback} when absent. */
    public String oneOf(String name, List<String> allowed, String fallback) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return fallback;
        }
        if (!allowed.contains(value.get())) {
            throw WebProblem.badParameter(name, "one of " + String.join(", ", allowed), value.get());
        }
        return value.get();
    }

    /** A query parameter that, when given, must be a positive whole number (an id, a cursor). */
    public Optional<Long> id(String name) {
        return text(name).map(value -> positive(name, value));
    }

    /** A path parameter that must be a positive whole number (an id). */
    public static long id(Context ctx, String name) {
        return positive(name, ctx.pathParam(name));
    }

    private static long positive(String name, String value) {
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw WebProblem.badParameter(name, "a positive whole number", value);
    }
}
