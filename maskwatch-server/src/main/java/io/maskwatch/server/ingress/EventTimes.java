package io.maskwatch.server.ingress;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Reads the time strings devices send: ISO-8601 instants and offsets (MaskWatch), and the seed's
 * Python {@code str(datetime)} form {@code 2020-08-20 07:00:00.763214}, which is UTC.
 */
final class EventTimes {
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .appendPattern("HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd()
            .toFormatter();

    private EventTimes() {}

    /** The instant, or a {@link DateTimeParseException}. */
    static Instant parse(String text) {
        String trimmed = text.trim();
        try {
            return OffsetDateTime.parse(trimmed).toInstant();
        } catch (DateTimeParseException notOffset) {
            return LocalDateTime.parse(trimmed, LOCAL).toInstant(ZoneOffset.UTC);
        }
    }
}
