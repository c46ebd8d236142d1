package io.maskwatch.server.web.alerts;

import io.maskwatch.server.web.WebProblem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of the alert list ends: the (event time, id) of its last alert, opaque to clients.
 * The next page starts strictly after it in the list's order (newest first), so paging stays as
 * fast deep in the list as at its top (no OFFSET) and an alert arriving meanwhile shifts nothing.
 */
public record AlertCursor(Instant eventTime, long id) {
    public String encode() {
        String plain = eventTime.getEpochSecond() + "." + eventTime.getNano() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    public static AlertCursor decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            int dot = plain.indexOf('.');
            if (colon < 0 || dot < 0 || dot > colon) {
                throw new IllegalArgumentException(plain);
            }
            Instant time = Instant.ofEpochSecond(
                    Long.parseLong(plain.substring(0, dot)), Long.parseLong(plain.substring(dot + 1, colon)));
            return new AlertCursor(time, Long.parseLong(plain.substring(colon + 1)));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw WebProblem.badParameter("cursor", "the next_cursor of an earlier page", text);
        }
    }
}
