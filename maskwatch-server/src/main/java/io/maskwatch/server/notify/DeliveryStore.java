package io.maskwatch.server.notify;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * The notifier's outbox in PostgreSQL: one {@code alert_delivery} row per alert and recipient
 * (pending, held back, sent, failed) and one {@code sent_email} row per email the SMTP server
 * accepted, which flood control counts.
 */
final class DeliveryStore {
    enum Status {
        PENDING,
        HELD
    }

    record OpenDelivery(long alertId, Status status) {}

    private final DataSource dataSource;

    DeliveryStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Device of each alert among {@code alertIds} that exists (absent ids are not in the archive). */
    Map<Long, String> devicesOf(List<Long> alertIds) throws SQLException {
        Map<Long, String> devices = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("SELECT id, device_id FROM alert WHERE id = ANY (?)")) {
            q.setArray(1, c.createArrayOf("bigint", alertIds.toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    devices.put(rs.getLong(1), rs.getString(2));
                }
            }
        }
        return devices;
    }

    /** Creates the pending deliveries that do not exist yet (a repeated id changes nothing). */
    void enqueue(Map<Long, List<String>> recipientsByAlert) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO alert_delivery (alert_id, recipient, status) VALUES (?, ?, 'pending')"
                                + " ON CONFLICT DO NOTHING")) {
            for (Map.Entry<Long, List<String>> e : recipientsByAlert.entrySet()) {
                for (String recipient : e.getValue()) {
                    insert.setLong(1, e.getKey());
                    insert.setString(2, recipient);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /**
     * Alerts that should have been announced but have no delivery at all: the announcement was
     * lost (crash between the ingress' commit and its publish). Looked at after a grace period.
     */
    List<Long> unannounced(Duration grace, Duration horizon, int limit) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("""
                        SELECT a.id FROM alert a
                        WHERE NOT a.notification_sent
                          AND a.received_at < now() - make_interval(secs => ?)
                          AND a.received_at > now() - make_interval(secs => ?)
                          AND NOT EXISTS (SELECT 1 FROM alert_delivery d WHERE d.alert_id = a.id)
                        ORDER BY a.id LIMIT ?""")) {
            q.setLong(1, grace.toSeconds());
            q.setLong(2, horizon.toSeconds());
            q.setInt(3, limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    List<String> recipientsWithOpenDeliveries() throws SQLException {
        List<String> recipients = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "SELECT DISTINCT recipient FROM alert_delivery WHERE status IN ('pending', 'held')");
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                recipients.add(rs.getString(1));
            }
        }
        return recipients;
    }

    int emailsSentWithin(Connection c, String recipient, Duration window) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT count(*) FROM sent_email WHERE recipient = ? AND sent_at > now() - make_interval(secs => ?)")) {
            q.setString(1, recipient);
            q.setLong(2, window.toSeconds());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    List<OpenDelivery> openDeliveries(Connection c, String recipient) throws SQLException {
        List<OpenDelivery> open = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT alert_id, status FROM alert_delivery"
                + " WHERE recipient = ? AND status IN ('pending', 'held') ORDER BY alert_id")) {
            q.setString(1, recipient);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    open.add(new OpenDelivery(
                            rs.getLong(1), "held".equals(rs.getString(2)) ? Status.HELD : Status.PENDING));
                }
            }
        }
        return open;
    }

    void markHeld(Connection c, String recipient, List<Long> alertIds) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE alert_delivery SET status = 'held'"
                + " WHERE recipient = ? AND alert_id = ANY (?) AND status = 'pending'")) {
            u.setString(1, recipient);
            u.setArray(2, c.createArrayOf("bigint", alertIds.toArray()));
            u.executeUpdate();
        }
    }

    /**
     * Records, in one transaction, that the SMTP server accepted an email carrying {@code alertIds}
     * to {@code recipient}: the email, the deliveries, and {@code notification_sent} of each alert
     * whose deliveries are now all sent.
     */
    void recordSent(Connection c, String recipient, String kind, List<Long> alertIds, java.time.Instant acceptedAt)
            throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            long emailId;
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO sent_email (recipient, kind, alert_count, sent_at) VALUES (?, ?, ?, ?) RETURNING id")) {
                insert.setString(1, recipient);
                insert.setString(2, kind);
                insert.setInt(3, alertIds.size());
                insert.setTimestamp(4, Timestamp.from(acceptedAt));
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    emailId = rs.getLong(1);
                }
            }
            setStatus(c, recipient, alertIds, "sent", emailId, acceptedAt);
            try (PreparedStatement u = c.prepareStatement("""
                    UPDATE alert a SET notification_sent = TRUE, notified_at = ?
                    WHERE a.id = ANY (?) AND NOT a.notification_sent
                      AND NOT EXISTS (SELECT 1 FROM alert_delivery d WHERE d.alert_id = a.id AND d.status <> 'sent')""")) {
                u.setTimestamp(1, Timestamp.from(acceptedAt));
                u.setArray(2, c.createArrayOf("bigint", alertIds.toArray()));
                u.executeUpdate();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Marks the deliveries failed for good, with the reason (kept in {@code alert_delivery.failure}). */
    void markFailed(Connection c, String recipient, List<Long> alertIds, String reason) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE alert_delivery SET status = 'failed', failure = ?"
                + " WHERE recipient = ? AND alert_id = ANY (?)")) {
            u.setString(1, reason);
            u.setString(2, recipient);
            u.setArray(3, c.createArrayOf("bigint", alertIds.toArray()));
            u.executeUpdate();
        }
    }

    private static void setStatus(
            Connection c, String recipient, List<Long> alertIds, String status, Long emailId, java.time.Instant at)
            throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE alert_delivery SET status = ?, email_id = ?, sent_at = ?"
                + " WHERE recipient = ? AND alert_id = ANY (?)")) {
            u.setString(1, status);
            u.setObject(2, emailId);
            u.setTimestamp(3, at == null ? null : Timestamp.from(at));
            u.setString(4, recipient);
            u.setArray(5, c.createArrayOf("bigint", alertIds.toArray()));
            u.executeUpdate();
        }
    }

    /** The alerts as the email shows them, in id order. */
    List<AlertView> load(Connection c, List<Long> alertIds) throws SQLException {
        List<AlertView> views = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("""
                SELECT a.id, a.event_time, a.device_id, d.type, a.latitude, a.longitude, a.source, a.probability,
                       i.format, i.data
                FROM alert a JOIN device d ON d.id = a.device_id JOIN image i ON i.id = a.image_id
                WHERE a.id = ANY (?) ORDER BY a.id""")) {
            q.setArray(1, c.createArrayOf("bigint", alertIds.toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    views.add(new AlertView(
                            rs.getLong(1),
                            rs.getTimestamp(2).toInstant(),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getObject(5, Float.class),
                            rs.getObject(6, Float.class),
                            rs.getString(7),
                            rs.getObject(8, Float.class),
                            rs.getString(9),
                            rs.getBytes(10)));
                }
            }
        }
        return views;
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Session lock so that two notifier instances never mail the same recipient at once. */
    static boolean tryLock(Connection c, String recipient) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
            q.setString(1, "maskwatch-notify:" + recipient);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Quiet: a connection that cannot unlock is broken, and a broken session holds no lock. */
    static void unlock(Connection c, String recipient) {
        try (PreparedStatement q = c.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
            q.setString(1, "maskwatch-notify:" + recipient);
            q.execute();
        } catch (SQLException e) {
            LoggerFactory.getLogger(DeliveryStore.class).debug("unlock failed: {}", e.toString());
        }
    }
}
