package io.maskwatch.server.ingress;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.maskwatch.wire.proto.Alert;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * Decodes and checks a message from the events topic. Whatever would break the schema (missing
 * device or model ids, no image, a time that is not a time) is refused here with a reason, so
 * that it reaches the dead-letter topic instead of the database.
 */
final class AlertDecoder {
    private static final int MAX_TEXT = 1000;

    IncomingAlert decode(byte[] value) throws InvalidAlertException {
        if (value == null || value.length == 0) {
            throw new InvalidAlertException("empty message (no protobuf Alert)");
        }
        Alert alert;
        try {
            // Aliasing: the image ByteString shares the record's bytes instead of copying 20 KB per alert.
            CodedInputStream input = CodedInputStream.newInstance(value);
            input.enableAliasing(true);
            alert = Alert.parseFrom(input);
        } catch (IOException e) {
            throw new InvalidAlertException("not a protobuf maskDetection.Alert: " + e.getMessage());
        }
        boolean seedMessage = alert.getEventId().isEmpty();
        return new IncomingAlert(
                seedMessage ? UUID.nameUUIDFromBytes(value) : uuid(alert.getEventId()),
                time("event_time", alert.getEventTime()),
                text("created_by.guid", alert.getCreatedBy().getGuid(), true),
                text("created_by.type", alert.getCreatedBy().getType(), false),
                optionalTime(alert.getCreatedBy().getEnrolledOn()),
                coordinate("location.longitude", alert.getLocation().getLongitude(), 180),
                coordinate("location.latitude", alert.getLocation().getLatitude(), 90),
                model("face_detection_model", alert.getFaceDetectionModel()),
                model("mask_classifier_model", alert.getMaskClassifierModel()),
                probability(alert.getProbability()),
                text("image.format", alert.getImage().getFormat(), false),
                alert.getImage().getSize().getWidth(),
                alert.getImage().getSize().getHeight(),
                image(alert),
                text("source", alert.getSource(), false),
                seedMessage ? null : alert.getTrackId(),
                alert.hasFaceBox() ? box(alert.getFaceBox()) : null);
    }

    /**
     * A seed message has no event id: it gets one derived from its bytes, so that the same
     * message delivered twice is still stored once.
     */
    private static UUID uuid(String text) throws InvalidAlertException {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidAlertException("event_id: '" + shorten(text) + "' is not a UUID");
        }
    }

    private static Instant time(String field, String text) throws InvalidAlertException {
        if (text.isBlank()) {
            throw new InvalidAlertException(field + " is empty");
        }
        try {
            return EventTimes.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidAlertException(field + ": '" + shorten(text) + "' is not a time"
                    + " (expected ISO-8601 or 'yyyy-MM-dd HH:mm:ss.ffffff' UTC)");
        }
    }

    /** Enrolment time is informative: a device that sends none, or garbage, still has its events kept. */
    private static Instant optionalTime(String text) {
        try {
            return text.isBlank() ? null : EventTimes.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(String field, String value, boolean required) throws InvalidAlertException {
        if (required && value.isBlank()) {
            throw new InvalidAlertException(field + " is empty");
        }
        if (value.length() > MAX_TEXT) {
            throw new InvalidAlertException(
                    field + " is " + value.length() + " characters long (max " + MAX_TEXT + ")");
        }
        if (value.indexOf('\0') >= 0) {
            // PostgreSQL text cannot hold NUL.
            throw new InvalidAlertException(field + " contains a NUL character");
        }
        return value;
    }

    private static IncomingAlert.Model model(String field, Alert.Model model) throws InvalidAlertException {
        return new IncomingAlert.Model(
                text(field + ".guid", model.getGuid(), true),
                text(field + ".name", model.getName(), false),
                finite(field + ".threshold", model.getThreshold()));
    }

    private static float probability(float p) throws InvalidAlertException {
        if (!(p >= 0 && p <= 1)) {
            throw new InvalidAlertException("probability " + p + " is not between 0 and 1");
        }
        return p;
    }

    private static float coordinate(String field, float value, float limit) throws InvalidAlertException {
        if (!(Math.abs(value) <= limit)) {
            throw new InvalidAlertException(field + " " + value + " is out of range");
        }
        return value;
    }

    private static float finite(String field, float value) throws InvalidAlertException {
        if (!Float.isFinite(value)) {
            throw new InvalidAlertException(field + " is not a number");
        }
        return value;
    }

    private static ByteString image(Alert alert) throws InvalidAlertException {
        if (alert.getImage().getData().isEmpty()) {
            throw new InvalidAlertException("image.data is empty (no face crop)");
        }
        ImageCheck.check(alert.getImage().getData());
        return alert.getImage().getData();
    }

    private static IncomingAlert.Box box(Alert.Box box) {
        return new IncomingAlert.Box(box.getX1(), box.getY1(), box.getX2(), box.getY2());
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
