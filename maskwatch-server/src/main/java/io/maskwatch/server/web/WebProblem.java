package io.maskwatch.server.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer other than success, as the API gives it: an HTTP status and a JSON body naming the
 * problem ({@code error}), saying it in words ({@code message}) and, for a bad parameter, which
 * one and what it expects.
 */
public final class WebProblem extends RuntimeException {
    private final int status;
    private final String error;
    private final Map<String, Object> details;

    private WebProblem(int status, String error, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.error = error;
        this.details = details;
    }

    public static WebProblem badParameter(String parameter, String expected, String got) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("parameter", parameter);
        details.put("expected", expected);
        details.put("got", got);
        return new WebProblem(
                400, "bad_parameter", parameter + ": expected " + expected + ", got '" + got + "'", details);
    }

    public static WebProblem notLoggedIn() {
        return new WebProblem(401, "not_logged_in", "log in first: POST /login, or open /login", Map.of());
    }

    public static WebProblem forbidden(String message) {
        return new WebProblem(403, "forbidden", message, Map.of());
    }

    public static WebProblem notFound(String message) {
        return new WebProblem(404, "not_found", message, Map.of());
    }

    public int status() {
        return status;
    }

    /** The JSON body. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", getMessage());
        body.putAll(details);
        return body;
    }
}
