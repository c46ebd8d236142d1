package io.maskwatch.edge.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * Time as text in the store. The seed writes Python's {@code str(datetime.utcnow())}
 * ({@code 2020-08-20 07:00:00.763214}, UTC, no zone); MaskWatch writes that form in
 * {@code created_at} and ISO-8601 instants elsewhere, and reads both.
 */
final class SeedTime {
    private static final DateTimeFormatter SEED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    private SeedTime() {}

    static String format(Instant instant) {
        return SEED.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    /** Parses an ISO instant or the seed's UTC form (with or without fraction). */
    static Instant parse(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notIso) {
            return LocalDateTime.parse(text.trim().replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        }
    }
}
