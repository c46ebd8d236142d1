package io.maskwatch.server.privacy;

import io.maskwatch.server.db.DatabaseException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Deletes alerts whole, on request or by retention: each alert with its face image and its delivery
 * records, and one audit record saying who, why, how many and by which criteria, all in one
 * transaction, so that either everything named is gone and recorded or nothing changed.
 */
public final class AlertDeletion {
    private final DataSource dataSource;
    private final AuditLog audit;

    public AlertDeletion(DataSource dataSource, AuditLog audit) {
        this.dataSource = dataSource;
        this.audit = audit;
    }

    /**
     * What a deletion removed, and the audit record that says so.
     *
     * @param deliveries the {@code alert_delivery} rows (one per alert and recipient)
     * @param auditId the audit record's id; 0 when retention found nothing and wrote none
     */
    public record Deleted(int alerts, int images, int deliveries, long auditId) {}

    /** How many alerts {@code criteria} names now (a dry run deletes nothing). */
    public long count(DeletionCriteria criteria) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = prepare(c, "SELECT count(*) FROM alert a WHERE " + criteria.where(), criteria);
                ResultSet rs = q.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new DatabaseException("could not count the alerts to delete: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the alerts {@code criteria} names at the request of {@code actor} for {@code reason},
     * in one transaction with an audit record ({@link AuditAction#DELETE}) whose detail has the
     * criteria, the counts and {@code detail}. The record is written even when nothing matched: the
     * request itself was made.
     */
    public Deleted delete(DeletionCriteria criteria, String actor, String reason, Map<String, ?> detail) {
        return inTransaction(c -> delete(c, criteria, actor, AuditAction.DELETE, reason, detail, true));
    }

    /**
     * Deletes every alert seen before {@code before} (retention), with an audit record ({@link
     * AuditAction#RETENTION_ALERTS}, actor {@code retention}) when any went.
     */
    Deleted expire(Instant before, String reason) {
        return inTransaction(c -> delete(
                c,
                DeletionCriteria.seenBefore(before),
                "retention",
                AuditAction.RETENTION_ALERTS,
                reason,
                Map.of(),
                false));
    }

    private interface Work {
        Deleted run(Connection c) throws SQLException;
    }

    private Deleted inTransaction(Work work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Deleted deleted = work.run(c);
                c.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException("could not delete the alerts (nothing was deleted): " + e.getMessage(), e);
        }
    }

    private Deleted delete(
            Connection c,
            DeletionCriteria criteria,
            String actor,
            AuditAction action,
            String reason,
            Map<String, ?> detail,
            boolean auditEvenIfNone)
            throws SQLException {
        List<Long> alertIds = new ArrayList<>();
        List<Long> imageIds = new ArrayList<>();
        // Locked, so that a review or an email recorded meanwhile waits for the deletion and then finds nothing.
        try (PreparedStatement select = prepare(
                        c, "SELECT a.id, a.image_id FROM alert a WHERE " + criteria.where() + " FOR UPDATE", criteria);
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                alertIds.add(rs.getLong(1));
                imageIds.add(rs.getLong(2));
            }
        }
        int deliveries = deleteWhereIdIn(c, "DELETE FROM alert_delivery WHERE alert_id = ANY (?)", alertIds);
        int alerts = deleteWhereIdIn(c, "DELETE FROM alert WHERE id = ANY (?)", alertIds);
        // An image another alert still shows stays (MaskWatch writes one image per alert; other writers may not).
        int images = deleteWhereIdIn(
                c,
                "DELETE FROM image i WHERE i.id = ANY (?) AND NOT EXISTS (SELECT 1 FROM alert a WHERE a.image_id = i.id)",
                imageIds);
        if (alerts == 0 && !auditEvenIfNone) {
            return new Deleted(0, 0, 0, 0);
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("criteria", criteria.describe());
        all.put("images", images);
        all.put("deliveries", deliveries);
        all.putAll(detail);
        long auditId = audit.record(c, actor, action, alerts, reason, all);
        return new Deleted(alerts, images, deliveries, auditId);
    }

    private static int deleteWhereIdIn(Connection c, String sql, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        try (PreparedStatement delete = c.prepareStatement(sql)) {
            delete.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            return delete.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, DeletionCriteria criteria) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        List<Object> args = criteria.arguments();
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            if (arg instanceof Long[] ids) {
                Array array = c.createArrayOf("bigint", ids);
                statement.setArray(i + 1, array);
            } else {
                statement.setObject(i + 1, arg);
            }
        }
        return statement;
    }
}
