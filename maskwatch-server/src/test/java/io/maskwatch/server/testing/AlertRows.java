package io.maskwatch.server.testing;

import io.maskwatch.core.image.SyntheticJpeg;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Puts many alerts straight into the archive (for paging tests and the paging benchmark, where
 * going through Kafka would only cost time): alert {@code i} of {@code n} is seen at {@code
 * newest - i * spacing} on device {@code dev-(i % devices)}, source {@code cam-(i % 3)}. They share
 * one face image, unless made by {@link #insertEachWithItsImage}.
 */
public final class AlertRows {
    public static final String FACE_MODEL = "yunet-test";
    public static final String MASK_MODEL = "mask-test";

    private AlertRows() {}

    /** The face detection and mask classification models the test alerts name ({@link #FACE_MODEL}, {@link #MASK_MODEL}). */
    static void insertModels(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO face_detection_model (id, created_at, name, threshold) VALUES (?, now(), 'YuNet', 0.6)"
                        + " ON CONFLICT DO NOTHING")) {
            s.setString(1, FACE_MODEL);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO mask_classification_model (id, created_at, name,"
                + " threshold) VALUES (?, now(), 'maskwatch-test', 0.31) ON CONFLICT DO NOTHING")) {
            s.setString(1, MASK_MODEL);
            s.executeUpdate();
        }
    }

    public static void insert(DataSource ds, int n, int devices, Instant newest, Duration spacing) {
        insert(ds, n, devices, newest, spacing, false);
    }

    /**
     * Like {@link #insert}, each alert with an image of its own, as the ingress writes them: for
     * deletion and retention, which remove images.
     */
    public static void insertEachWithItsImage(DataSource ds, int n, int devices, Instant newest, Duration spacing) {
        insert(ds, n, devices, newest, spacing, true);
    }

    /** Gives every alert a delivery record per recipient, sent: each was emailed to each of them. */
    public static void emailedTo(DataSource ds, String... recipients) {
        try (Connection c = ds.getConnection();
                PreparedStatement s = c.prepareStatement("INSERT INTO alert_delivery (alert_id, recipient, status)"
                        + " SELECT id, r, 'sent' FROM alert, unnest(?) r")) {
            s.setArray(1, c.createArrayOf("text", recipients));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record test deliveries", e);
        }
    }

    private static void insert(DataSource ds, int n, int devices, Instant newest, Duration spacing, boolean ownImages) {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO device (id, type, latitude, longitude) SELECT 'dev-' || g, 'Raspberry Pi 4', 48.85,"
                            + " 2.35 FROM generate_series(0, ?) g ON CONFLICT DO NOTHING")) {
                s.setInt(1, devices - 1);
                s.executeUpdate();
            }
            insertModels(c);
            Long[] imageIds = new Long[n];
            try (PreparedStatement s = c.prepareStatement("INSERT INTO image (format, width, height, data)"
                    + " SELECT 'jpeg', 64, 80, ? FROM generate_series(1, ?) RETURNING id")) {
                s.setBytes(1, SyntheticJpeg.ofSize(3_000, 7));
                s.setInt(2, ownImages ? n : 1);
                var rs = s.executeQuery();
                for (int i = 0; rs.next(); i++) {
                    imageIds[i] = rs.getLong(1);
                }
            }
            if (!ownImages) {
                java.util.Arrays.fill(imageIds, imageIds[0]);
            }
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO alert (event_time, received_at, device_id, face_model_id, mask_model_id, image_id,"
                            + " event_uuid, probability, source, track_id, face_x1, face_y1, face_x2, face_y2)"
                            + " SELECT ?::timestamptz - g * ?::interval, now(), 'dev-' || (g % ?), ?, ?, (?::bigint[])[g + 1],"
                            + " gen_random_uuid(), 0.5 + (g % 50) / 100.0, 'cam-' || (g % 3), g, 10, 12, 58, 70"
                            + " FROM generate_series(0, ?) g")) {
                s.setTimestamp(1, Timestamp.from(newest));
                s.setString(2, spacing.toMillis() + " milliseconds");
                s.setInt(3, devices);
                s.setString(4, FACE_MODEL);
                s.setString(5, MASK_MODEL);
                s.setArray(6, c.createArrayOf("bigint", imageIds));
                s.setInt(7, n - 1);
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not insert test alerts", e);
        }
    }
}
