package io.maskwatch.server.web.compliance;

import io.maskwatch.server.db.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Sums the per-minute counts the devices ship ({@code compliance_minute}) into hours or days. Days
 * are cut at midnight in the asked time zone, so a site's Monday is its own Monday.
 */
public final class ComplianceRepository {
    private final DataSource dataSource;

    public ComplianceRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public ComplianceReport report(ComplianceQuery q) {
        String where = where(q);
        String series = "SELECT date_trunc('" + q.bucket() + "', minute AT TIME ZONE ?) AT TIME ZONE ? AS start,"
                + " sum(with_mask), sum(without_mask) FROM compliance_minute" + where + " GROUP BY 1 ORDER BY 1";
        String bySource = "SELECT device_id, source, sum(with_mask), sum(without_mask) FROM compliance_minute" + where
                + " GROUP BY 1, 2 ORDER BY 1, 2";
        try (Connection c = dataSource.getConnection()) {
            List<ComplianceReport.Bucket> buckets = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(series)) {
                select.setString(1, q.zone().getId());
                select.setString(2, q.zone().getId());
                bindRange(select, 3, q);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        long with = rs.getLong(2);
                        long without = rs.getLong(3);
                        buckets.add(new ComplianceReport.Bucket(
                                rs.getTimestamp(1).toInstant().toString(),
                                with,
                                without,
                                ComplianceReport.rate(with, without)));
                    }
                }
            }
            List<ComplianceReport.BySource> sources = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(bySource)) {
                bindRange(select, 1, q);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        long with = rs.getLong(3);
                        long without = rs.getLong(4);
                        sources.add(new ComplianceReport.BySource(
                                rs.getString(1), rs.getString(2), with, without, ComplianceReport.rate(with, without)));
                    }
                }
            }
            return new ComplianceReport(
                    q.bucket(), q.zone().getId(), q.from().toString(), q.to().toString(), buckets, sources);
        } catch (SQLException e) {
            throw new DatabaseException("could not read compliance counts: " + e.getMessage(), e);
        }
    }

    /** The same counts per bucket and per device and source: the rows of the CSV export. */
    public List<ComplianceRow> rows(ComplianceQuery q) {
        String sql = "SELECT date_trunc('" + q.bucket() + "', minute AT TIME ZONE ?) AS start, device_id, source,"
                + " sum(with_mask), sum(without_mask) FROM compliance_minute" + where(q)
                + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, q.zone().getId());
            bindRange(select, 2, q);
            List<ComplianceRow> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new ComplianceRow(
                            rs.getObject(1, LocalDateTime.class),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getLong(4),
                            rs.getLong(5)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new DatabaseException("could not read compliance counts: " + e.getMessage(), e);
        }
    }

    private static String where(ComplianceQuery q) {
        return " WHERE minute >= ? AND minute < ?" + (q.device().isPresent() ? " AND device_id = ?" : "")
                + (q.source().isPresent() ? " AND source = ?" : "");
    }

    private static void bindRange(PreparedStatement select, int first, ComplianceQuery q) throws SQLException {
        int i = first;
        select.setTimestamp(i++, Timestamp.from(q.from()));
        select.setTimestamp(i++, Timestamp.from(q.to()));
        if (q.device().isPresent()) {
            select.setString(i++, q.device().get());
        }
        if (q.source().isPresent()) {
            select.setString(i, q.source().get());
        }
    }
}
