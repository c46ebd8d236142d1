package io.maskwatch.server.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.imageio.ImageIO;
import javax.sql.DataSource;

/**
 * Alerts whose face crop is a picture the test made, put straight into the archive one at a time:
 * for the tests of what reads the crops back (the export of reviewed alerts), which must find each
 * alert's own picture.
 */
public final class FaceAlerts {
    private FaceAlerts() {}

    /** Archives one alert of {@code device} seen by camera {@code source}; returns its id. */
    public static long insert(DataSource ds, String device, String source, Instant eventTime, byte[] image) {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO device (id, type, latitude, longitude)"
                    + " VALUES (?, 'Raspberry Pi 4', 48.85, 2.35) ON CONFLICT DO NOTHING")) {
                s.setString(1, device);
                s.executeUpdate();
            }
            AlertRows.insertModels(c);
            long imageId;
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO image (format, data) VALUES ('jpeg', ?) RETURNING id")) {
                s.setBytes(1, image);
                imageId = single(s);
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO alert (event_time, received_at, device_id,"
                    + " face_model_id, mask_model_id, image_id, event_uuid, probability, source)"
                    + " VALUES (?, now(), ?, ?, ?, ?, gen_random_uuid(), 0.9, ?) RETURNING id")) {
                s.setTimestamp(1, Timestamp.from(eventTime));
                s.setString(2, device);
                s.setString(3, AlertRows.FACE_MODEL);
                s.setString(4, AlertRows.MASK_MODEL);
                s.setLong(5, imageId);
                s.setString(6, source);
                return single(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not insert a test alert", e);
        }
    }

    /** The picture as a JPEG file's bytes, as devices send face crops. */
    public static byte[] jpeg(BufferedImage picture) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(picture, "jpeg", out)) {
                throw new IllegalStateException("no JPEG writer for a " + picture.getType() + " picture");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static long single(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
