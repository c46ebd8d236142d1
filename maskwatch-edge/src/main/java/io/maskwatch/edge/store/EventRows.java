package io.maskwatch.edge.store;

import io.maskwatch.vision.event.FaceEvent;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** Maps events to rows of the {@code alert} table and back. */
final class EventRows {
    static final String INSERT = """
            INSERT INTO alert (sent, created_at, device_type, device_id, device_deployed_on, longitude, latitude,
                face_model_name, face_model_guid, face_model_threshold,
                mask_model_name, mask_model_guid, mask_model_threshold, probability,
                image_format, image_width, image_height, image_data,
                event_id, source, track_id, box_x1, box_y1, box_x2, box_y2, frame_time, device_enrolled_on,
                low_evidence, sharpness)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (event_id) DO NOTHING""";

    /** {@code sent} of an event waiting for the dispatcher (the seed's value). */
    static final int UNSENT = 0;

    /**
     * {@code sent} of a low-evidence event: never to be sent. Not 0, so that no dispatcher (ours or
     * the seed's, which reads {@code sent = 0}) ever offers it; not 1 or -1 (sent, rejected), so
     * the row says what it is.
     */
    static final int WITHHELD = -2;

    static final String SELECT = """
            SELECT id, created_at, device_type, device_id, device_deployed_on, longitude, latitude,
                face_model_name, face_model_guid, face_model_threshold,
                mask_model_name, mask_model_guid, mask_model_threshold, probability,
                image_format, image_width, image_height, image_data,
                event_id, source, track_id, box_x1, box_y1, box_x2, box_y2, frame_time, device_enrolled_on,
                low_evidence, sharpness
            FROM alert""";

    private EventRows() {}

    static void bind(PreparedStatement insert, FaceEvent event, EventOrigin origin, Instant createdAt)
            throws SQLException {
        int i = 1;
        insert.setInt(i++, event.lowEvidence() ? WITHHELD : UNSENT);
        insert.setString(i++, SeedTime.format(createdAt));
        insert.setString(i++, origin.device().type());
        insert.setString(i++, origin.device().guid());
        insert.setString(i++, origin.device().deployedOn());
        insert.setDouble(i++, origin.device().longitude());
        insert.setDouble(i++, origin.device().latitude());
        i = bindModel(insert, i, origin.faceModel());
        i = bindModel(insert, i, origin.maskModel());
        insert.setDouble(i++, event.probability());
        insert.setString(i++, event.imageFormat());
        insert.setInt(i++, event.imageWidth());
        insert.setInt(i++, event.imageHeight());
        insert.setBytes(i++, event.image());
        insert.setString(i++, event.eventId().toString());
        insert.setString(i++, event.source());
        insert.setLong(i++, event.trackId());
        insert.setInt(i++, event.x1());
        insert.setInt(i++, event.y1());
        insert.setInt(i++, event.x2());
        insert.setInt(i++, event.y2());
        insert.setString(i++, event.time().toString());
        insert.setString(i++, origin.device().enrolledOn());
        insert.setInt(i++, event.lowEvidence() ? 1 : 0);
        insert.setDouble(i, event.sharpness());
    }

    private static int bindModel(PreparedStatement insert, int i, ModelInfo model) throws SQLException {
        insert.setString(i, model.name());
        insert.setString(i + 1, model.guid());
        insert.setDouble(i + 2, model.threshold());
        return i + 3;
    }

    static StoredEvent read(ResultSet rs) throws SQLException {
        long rowId = rs.getLong("id");
        String createdAt = rs.getString("created_at");
        String deviceId = rs.getString("device_id");
        DeviceInfo device = new DeviceInfo(
                rs.getString("device_type"),
                deviceId,
                rs.getString("device_enrolled_on"),
                rs.getString("device_deployed_on"),
                rs.getDouble("longitude"),
                rs.getDouble("latitude"));
        ModelInfo face = new ModelInfo(
                rs.getString("face_model_name"), rs.getString("face_model_guid"), rs.getDouble("face_model_threshold"));
        ModelInfo mask = new ModelInfo(
                rs.getString("mask_model_name"), rs.getString("mask_model_guid"), rs.getDouble("mask_model_threshold"));
        String frameTime = rs.getString("frame_time");
        double measured = rs.getDouble("sharpness");
        // Rows written before the column existed, or by a seed-style writer, have none: NaN.
        double sharpness = rs.wasNull() ? Double.NaN : measured;
        FaceEvent event = new FaceEvent(
                eventId(rs.getString("event_id"), rowId, createdAt, deviceId),
                SeedTime.parse(frameTime.isEmpty() ? createdAt : frameTime),
                rs.getString("source"),
                rs.getLong("track_id"),
                rs.getInt("box_x1"),
                rs.getInt("box_y1"),
                rs.getInt("box_x2"),
                rs.getInt("box_y2"),
                rs.getDouble("probability"),
                rs.getString("image_format"),
                rs.getInt("image_width"),
                rs.getInt("image_height"),
                image(rs.getBytes("image_data")),
                sharpness,
                rs.getInt("low_evidence") != 0);
        return new StoredEvent(rowId, event, new EventOrigin(device, face, mask));
    }

    /**
     * The event's face crop; empty once retention deleted it from a sent event (sqlite-jdbc reads
     * a zero-length blob as null).
     */
    private static byte[] image(byte[] stored) {
        return stored == null ? new byte[0] : stored;
    }

    /**
     * A row written by a seed-style writer has no event id. It gets one derived from the row, so
     * that publishing it twice (a crash before mark-sent) still carries the same id.
     */
    private static UUID eventId(String stored, long rowId, String createdAt, String deviceId) {
        if (stored != null && !stored.isBlank()) {
            return UUID.fromString(stored);
        }
        String name = "maskwatch-seed-row:" + deviceId + ":" + rowId + ":" + createdAt;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
