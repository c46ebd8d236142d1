package io.maskwatch.server.web.alerts;

import io.maskwatch.server.db.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads alerts for the dashboard: pages of the list, one alert whole, its face image. */
public final class AlertRepository {
    private static final String SUMMARY_COLUMNS = "a.id, a.event_time, a.received_at, a.device_id, a.source,"
            + " a.probability, a.notification_sent, a.review";

    private final DataSource dataSource;

    public AlertRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * One page, newest first. Keyset paging: the page after a cursor starts strictly below its
     * (event_time, id), which the (event_time DESC, id DESC) indexes answer without counting the
     * rows before it.
     */
    public AlertPage page(AlertFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + SUMMARY_COLUMNS + " FROM alert a WHERE TRUE");
        List<Object> args = new ArrayList<>();
        filter.device().ifPresent(d -> add(sql, args, " AND a.device_id = ?", d));
        filter.source().ifPresent(s -> add(sql, args, " AND a.source = ?", s));
        filter.from().ifPresent(t -> add(sql, args, " AND a.event_time >= ?", Timestamp.from(t)));
        filter.to().ifPresent(t -> add(sql, args, " AND a.event_time < ?", Timestamp.from(t)));
        switch (filter.review()) {
            case "unreviewed" -> sql.append(" AND a.review IS NULL");
            case "confirmed", "false_alarm" -> add(sql, args, " AND a.review = ?", filter.review());
            default -> {}
        }
        filter.after().ifPresent(c -> {
            sql.append(" AND (a.event_time, a.id) < (?, ?)");
            args.add(Timestamp.from(c.eventTime()));
            args.add(c.id());
        });
        sql.append(" ORDER BY a.event_time DESC, a.id DESC LIMIT ?");
        // One more than asked: whether there is a next page, without counting.
        args.add(filter.limit() + 1);
        List<AlertSummary> alerts = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                select.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    alerts.add(summary(rs));
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException("could not read alerts: " + e.getMessage(), e);
        }
        if (alerts.size() <= filter.limit()) {
            return new AlertPage(alerts, null);
        }
        AlertSummary last = alerts.get(filter.limit() - 1);
        String next = new AlertCursor(Instant.parse(last.eventTime()), last.id()).encode();
        return new AlertPage(List.copyOf(alerts.subList(0, filter.limit())), next);
    }

    /** The alerts with ids above {@code afterId}, oldest first: what the live feed has not told yet. */
    public List<AlertSummary> newerThan(long afterId, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT " + SUMMARY_COLUMNS + " FROM alert a WHERE a.id > ? ORDER BY a.id LIMIT ?")) {
            select.setLong(1, afterId);
            select.setInt(2, limit);
            List<AlertSummary> out = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(summary(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DatabaseException("could not read new alerts: " + e.getMessage(), e);
        }
    }

    /** The highest alert id there is (0 for none). */
    public long lastId() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT coalesce(max(id), 0) FROM alert");
                ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new DatabaseException("could not read the last alert id: " + e.getMessage(), e);
        }
    }

    public Optional<AlertDetail> detail(long id) {
        String sql = "SELECT " + SUMMARY_COLUMNS + ", a.track_id, a.face_x1, a.face_y1, a.face_x2, a.face_y2,"
                + " i.format, i.width, i.height, d.type, coalesce(a.latitude, d.latitude),"
                + " coalesce(a.longitude, d.longitude), f.id, f.name, f.threshold, m.id, m.name, m.threshold,"
                + " a.reviewed_by, a.reviewed_at, i.data IS NULL, i.deleted_at"
                + " FROM alert a JOIN image i ON i.id = a.image_id JOIN device d ON d.id = a.device_id"
                + " JOIN face_detection_model f ON f.id = a.face_model_id"
                + " JOIN mask_classification_model m ON m.id = a.mask_model_id WHERE a.id = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(sql)) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                AlertSummary summary = summary(rs);
                Long trackId = (Long) rs.getObject(9);
                AlertDetail.Box box = rs.getObject(10) == null
                        ? null
                        : new AlertDetail.Box(rs.getInt(10), rs.getInt(11), rs.getInt(12), rs.getInt(13));
                boolean noImage = rs.getBoolean(28);
                AlertDetail.Image image = new AlertDetail.Image(
                        rs.getString(14),
                        (Integer) rs.getObject(15),
                        (Integer) rs.getObject(16),
                        noImage ? null : summary.imageUrl(),
                        text(rs.getTimestamp(29)));
                AlertDetail.Device device = new AlertDetail.Device(
                        summary.deviceId(), rs.getString(17), (Float) rs.getObject(18), (Float) rs.getObject(19));
                AlertDetail.Model face = new AlertDetail.Model(rs.getString(20), rs.getString(21), rs.getFloat(22));
                AlertDetail.Model mask = new AlertDetail.Model(rs.getString(23), rs.getString(24), rs.getFloat(25));
                return Optional.of(new AlertDetail(
                        summary,
                        trackId,
                        box,
                        image,
                        device,
                        face,
                        mask,
                        rs.getString(26),
                        text(rs.getTimestamp(27)),
                        deliveries(c, id)));
            }
        } catch (SQLException e) {
            throw new DatabaseException("could not read alert " + id + ": " + e.getMessage(), e);
        }
    }

    /** The face crop of an alert that exists: its media type and bytes, or when retention deleted them. */
    public Optional<FaceImage> image(long id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT i.format, i.data, i.deleted_at"
                        + " FROM alert a JOIN image i ON i.id = a.image_id WHERE a.id = ?")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp deletedAt = rs.getTimestamp(3);
                return Optional.of(new FaceImage(
                        mediaType(rs.getString(1)), rs.getBytes(2), deletedAt == null ? null : deletedAt.toInstant()));
            }
        } catch (SQLException e) {
            throw new DatabaseException("could not read the image of alert " + id + ": " + e.getMessage(), e);
        }
    }

    /**
     * A face crop as served.
     *
     * @param data null when there is none (deleted by retention, or never stored by a seed device)
     * @param deletedAt when retention deleted it; null while it is there
     */
    public record FaceImage(String mediaType, byte[] data, Instant deletedAt) {}

    private static List<AlertDetail.Delivery> deliveries(Connection c, long id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT d.recipient, d.status, d.created_at, d.sent_at, e.kind, d.failure FROM alert_delivery d"
                        + " LEFT JOIN sent_email e ON e.id = d.email_id WHERE d.alert_id = ?"
                        + " ORDER BY d.created_at, d.recipient")) {
            select.setLong(1, id);
            List<AlertDetail.Delivery> out = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    out.add(new AlertDetail.Delivery(
                            rs.getString(1),
                            rs.getString(2),
                            text(rs.getTimestamp(3)),
                            text(rs.getTimestamp(4)),
                            rs.getString(5),
                            rs.getString(6)));
                }
            }
            return out;
        }
    }

    private static AlertSummary summary(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        return new AlertSummary(
                id,
                text(rs.getTimestamp(2)),
                text(rs.getTimestamp(3)),
                rs.getString(4),
                rs.getString(5),
                (Float) rs.getObject(6),
                rs.getBoolean(7),
                rs.getString(8),
                "/api/alerts/" + id + "/image");
    }

    static String mediaType(String format) {
        String f = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        return switch (f) {
            case "png" -> "image/png";
            case "webp" -> "image/webp";
            default -> "image/jpeg";
        };
    }

    private static String text(Timestamp t) {
        return t == null ? null : t.toInstant().toString();
    }

    private static void add(StringBuilder sql, List<Object> args, String clause, Object value) {
        sql.append(clause);
        args.add(value);
    }
}
