package io.maskwatch.server.telemetry;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The checks a device's telemetry passes before it reaches PostgreSQL. What would break a column
 * (text PostgreSQL cannot hold, a time that is not a time, a negative count) is refused here with a
 * reason, so that the message lands on the dead-letter topic instead of failing its batch.
 */
final class Fields {
    private static final int MAX_TEXT = 1000;

    private Fields() {}

    static <T> T parse(byte[] value, Parser<T> parser, String type) throws InvalidTelemetryException {
        if (value == null || value.length == 0) {
            throw new InvalidTelemetryException("empty message (no protobuf " + type + ")");
        }
        try {
            return parser.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidTelemetryException("not a protobuf " + type + ": " + e.getMessage());
        }
    }

    static String required(String field, String value) throws InvalidTelemetryException {
        if (value.isBlank()) {
            throw new InvalidTelemetryException(field + " is empty");
        }
        return text(field, value);
    }

    static String text(String field, String value) throws InvalidTelemetryException {
        if (value.length() > MAX_TEXT) {
            throw new InvalidTelemetryException(
                    field + " is " + value.length() + " characters long (max " + MAX_TEXT + ")");
        }
        if (value.indexOf('\0') >= 0) {
            // PostgreSQL text cannot hold NUL.
            throw new InvalidTelemetryException(field + " contains a NUL character");
        }
        return value;
    }

    /** Devices write instants with {@code Instant.toString()}; any ISO-8601 offset is read too. */
    static Instant time(String field, String text) throws InvalidTelemetryException {
        if (text.isBlank()) {
            throw new InvalidTelemetryException(field + " is empty");
        }
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidTelemetryException(
                    field + ": '" + shorten(text) + "' is not an ISO-8601 time (e.g. 2024-03-01T09:05:00Z)");
        }
    }

    /** Empty means "none"; anything else must be a time. */
    static Instant optionalTime(String field, String text) throws InvalidTelemetryException {
        return text.isBlank() ? null : time(field, text);
    }

    static int count(String field, int value) throws InvalidTelemetryException {
        if (value < 0) {
            throw new InvalidTelemetryException(field + " is negative (" + value + ")");
        }
        return value;
    }

    static float coordinate(String field, float value, float limit) throws InvalidTelemetryException {
        if (!(Math.abs(value) <= limit)) {
            throw new InvalidTelemetryException(field + " " + value + " is out of range");
        }
        return value;
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
