package io.maskwatch.edge.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Maps compliance counts to rows of the {@code compliance} table and back. Every write of a minute
 * raises its {@code revision}: that is how the dispatcher knows the minute changed since it sent it.
 */
final class ComplianceRows {
    private static final String INSERT =
            "INSERT INTO compliance (source, minute, with_mask, without_mask) VALUES (?, ?, ?, ?) ";

    /** Adds to what the minute holds (a camera: each run counts on). */
    static final String ADD = INSERT + """
            ON CONFLICT (source, minute) DO UPDATE SET
                with_mask = with_mask + excluded.with_mask,
                without_mask = without_mask + excluded.without_mask,
                revision = revision + 1""";

    /** Replaces what the minute holds (a file: each run counts its minutes whole). */
    static final String SET = INSERT + """
            ON CONFLICT (source, minute) DO UPDATE SET
                with_mask = excluded.with_mask,
                without_mask = excluded.without_mask,
                revision = revision + 1""";

    /** The rows to send, oldest minute first (the partial index {@code compliance_unsent}). */
    static final String UNSENT = "SELECT source, minute, with_mask, without_mask, revision FROM compliance"
            + " WHERE revision > sent_revision ORDER BY minute, source LIMIT ?";

    static final String COUNT_UNSENT = "SELECT count(*) FROM compliance WHERE revision > sent_revision";

    /**
     * Records the revision that was sent, never a lower one than recorded: a slower process marking
     * an older revision must not bring back a minute that went out since.
     */
    static final String MARK_SENT =
            "UPDATE compliance SET sent_revision = ? WHERE source = ? AND minute = ? AND sent_revision < ?";

    private ComplianceRows() {}

    static void bindWrite(PreparedStatement upsert, String source, Instant minute, int withMask, int withoutMask)
            throws SQLException {
        upsert.setString(1, source);
        upsert.setString(2, minuteText(minute));
        upsert.setInt(3, withMask);
        upsert.setInt(4, withoutMask);
    }

    static void bindMarkSent(PreparedStatement update, UnsentCount sent) throws SQLException {
        update.setLong(1, sent.revision());
        update.setString(2, sent.count().source());
        update.setString(3, minuteText(sent.count().minute()));
        update.setLong(4, sent.revision());
    }

    static UnsentCount readUnsent(ResultSet rs) throws SQLException {
        ComplianceCount count =
                new ComplianceCount(rs.getString(1), Instant.parse(rs.getString(2)), rs.getInt(3), rs.getInt(4));
        return new UnsentCount(count, rs.getLong(5));
    }

    /** The minute as stored: ISO-8601, UTC, truncated, so that text order is time order. */
    static String minuteText(Instant minute) {
        return minute.truncatedTo(ChronoUnit.MINUTES).toString();
    }
}
