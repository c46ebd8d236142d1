package io.maskwatch.server.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.maskwatch.server.db.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The audit log ({@code audit_log}): who did what to the archive, when, to how many alerts, and
 * why. Records are only ever added (a trigger refuses changes and deletions, and retention leaves
 * the table alone), so the log also tells what was deleted after it is gone.
 *
 * <p>Any command or route that reads or removes personal data in bulk records itself here, e.g.
 * an export: {@code audit.record(operator, AuditAction.EXPORT, written, null, Map.of("out", dir))}.
 */
public final class AuditLog {
    /** Instants in details are written as ISO-8601 text. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final String INSERT =
            "INSERT INTO audit_log (at, actor, action, count, reason, detail) VALUES (?, ?, ?, ?, ?, ?::jsonb)"
                    + " RETURNING id";

    private final DataSource dataSource;
    private final Clock clock;

    public AuditLog(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Records one action, now, in a transaction of its own; returns the record's id.
     *
     * @param actor who: a dashboard user, an operator, or {@code retention}
     * @param count how many alerts, images, ... it touched
     * @param reason why (required where the action asks for one, e.g. a deletion); may be null
     * @param detail what identifies it (criteria, ids, ...), written as a JSON object
     */
    public long record(String actor, AuditAction action, long count, String reason, Map<String, ?> detail) {
        try (Connection c = dataSource.getConnection()) {
            return record(c, actor, action, count, reason, detail);
        } catch (SQLException e) {
            throw new DatabaseException(
                    "could not write the audit record (" + action.apiName() + " by " + actor + "): " + e.getMessage(),
                    e);
        }
    }

    /** Records one action on {@code c}, in the caller's transaction: it commits with what it describes. */
    public long record(Connection c, String actor, AuditAction action, long count, String reason, Map<String, ?> detail)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            insert.setTimestamp(1, Timestamp.from(clock.instant()));
            insert.setString(2, actor);
            insert.setString(3, action.apiName());
            insert.setLong(4, count);
            insert.setString(5, reason);
            insert.setString(6, json(detail));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Up to {@code limit} records, newest first, below the id {@code before} when given (the next
     * page starts below the last id of this one), of one {@code action} when given.
     */
    public List<AuditEntry> newest(int limit, Optional<Long> before, Optional<AuditAction> action) {
        StringBuilder sql =
                new StringBuilder("SELECT id, at, actor, action, count, reason, detail FROM audit_log WHERE TRUE");
        List<Object> args = new ArrayList<>();
        before.ifPresent(id -> {
            sql.append(" AND id < ?");
            args.add(id);
        });
        action.ifPresent(a -> {
            sql.append(" AND action = ?");
            args.add(a.apiName());
        });
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                select.setObject(i + 1, args.get(i));
            }
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    entries.add(new AuditEntry(
                            rs.getLong(1),
                            rs.getTimestamp(2).toInstant().toString(),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getLong(5),
                            rs.getString(6),
                            JSON.readTree(rs.getString(7))));
                }
            }
            return entries;
        } catch (SQLException | JsonProcessingException e) {
            throw new DatabaseException("could not read the audit log: " + e.getMessage(), e);
        }
    }

    private static String json(Map<String, ?> detail) {
        try {
            return JSON.writeValueAsString(detail == null ? Map.of() : detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit detail is not writable as JSON: " + detail, e);
        }
    }
}
