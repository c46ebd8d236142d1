package io.maskwatch.app.dashboard;

import io.maskwatch.server.db.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The reviewed alerts of the archive (alert.review set by the dashboard), read in id order with
 * their face crops. Read through a cursor, a hundred rows at a time: an archive's crops do not fit
 * in memory together.
 *
 * @param since only alerts seen at or after this instant (null: all)
 * @param device only this device's alerts (null: every device)
 */
record ReviewedAlerts(DataSource dataSource, Instant since, String device) {
    private static final int FETCH_SIZE = 100;

    /** How many alerts the filters match: reviewed ones (to export) and ones nobody reviewed yet. */
    record Counts(long reviewed, long unreviewed) {}

    Counts count() {
        String sql = "SELECT count(*) FILTER (WHERE a.review IS NOT NULL), count(*) FILTER (WHERE a.review IS NULL)"
                + " FROM alert a" + where(false);
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = prepare(c, sql);
                ResultSet rs = q.executeQuery()) {
            rs.next();
            return new Counts(rs.getLong(1), rs.getLong(2));
        } catch (SQLException e) {
            throw new DatabaseException("could not count the reviewed alerts: " + e.getMessage(), e);
        }
    }

    /** Hands each reviewed alert to {@code each}, lowest id first. */
    void forEach(Consumer<ReviewedAlert> each) {
        String sql = "SELECT a.id, a.review, a.device_id, a.source, a.event_time, a.reviewed_by, a.reviewed_at, i.data"
                + " FROM alert a JOIN image i ON i.id = a.image_id" + where(true) + " ORDER BY a.id";
        try (Connection c = dataSource.getConnection()) {
            // PostgreSQL's driver keeps a cursor (and fetches FETCH_SIZE rows at a time) only in a transaction.
            c.setAutoCommit(false);
            c.setReadOnly(true);
            try (PreparedStatement q = prepare(c, sql)) {
                q.setFetchSize(FETCH_SIZE);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        each.accept(new ReviewedAlert(
                                rs.getLong(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                instant(rs, 5),
                                rs.getString(6),
                                instant(rs, 7),
                                rs.getBytes(8)));
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new DatabaseException("could not read the reviewed alerts: " + e.getMessage(), e);
        }
    }

    private String where(boolean reviewedOnly) {
        List<String> conditions = new ArrayList<>();
        if (reviewedOnly) {
            conditions.add("a.review IS NOT NULL");
        }
        if (since != null) {
            conditions.add("a.event_time >= ?");
        }
        if (device != null) {
            conditions.add("a.device_id = ?");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private PreparedStatement prepare(Connection c, String sql) throws SQLException {
        PreparedStatement q = c.prepareStatement(sql);
        int i = 1;
        if (since != null) {
            q.setTimestamp(i++, Timestamp.from(since));
        }
        if (device != null) {
            q.setString(i, device);
        }
        return q;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
