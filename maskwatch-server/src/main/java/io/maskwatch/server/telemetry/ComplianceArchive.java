package io.maskwatch.server.telemetry;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Keeps the compliance counts in {@code compliance_minute}, one row per device, source and minute,
 * a batch in one transaction.
 *
 * <p>A minute arrives more than once: the device sends it again each time its count changes, and
 * delivery is at least once, so a copy comes again after a crash. Its counts only grow on the
 * device (a camera adds to its minute; a file's rerun counts the same frames again), but copies
 * need not arrive in the order they were counted: two dispatchers on one store (detect's own and a
 * {@code maskwatch dispatch}) can each send what they read, the slower one last. So the row keeps
 * the larger figure of each column, which is the newest count, rather than whichever came last;
 * a copy of what is stored changes nothing.
 */
final class ComplianceArchive {
    /** One order for every writer: two instances upserting the same minutes cannot deadlock. */
    private static final Comparator<IncomingCount> KEY_ORDER = Comparator.comparing(IncomingCount::deviceId)
            .thenComparing(IncomingCount::source)
            .thenComparing(IncomingCount::minute);

    private static final String UPSERT = """
            INSERT INTO compliance_minute (device_id, source, minute, with_mask, without_mask)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (device_id, source, minute) DO UPDATE SET
                with_mask = GREATEST(compliance_minute.with_mask, EXCLUDED.with_mask),
                without_mask = GREATEST(compliance_minute.without_mask, EXCLUDED.without_mask),
                received_at = now()""";

    private final DataSource dataSource;

    ComplianceArchive(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void store(List<IncomingCount> counts) throws SQLException {
        // One row per key: the batch becomes one multi-row INSERT (reWriteBatchedInserts), which
        // PostgreSQL refuses when two of its rows hit the same key.
        Map<IncomingCount, IncomingCount> merged = new TreeMap<>(KEY_ORDER);
        counts.forEach(count -> merged.merge(count, count, IncomingCount::max));
        Transactions.run(dataSource, c -> {
            try (PreparedStatement upsert = c.prepareStatement(UPSERT)) {
                for (IncomingCount count : merged.values()) {
                    upsert.setString(1, count.deviceId());
                    upsert.setString(2, count.source());
                    upsert.setTimestamp(3, Timestamp.from(count.minute()));
                    upsert.setInt(4, count.withMask());
                    upsert.setInt(5, count.withoutMask());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        });
    }
}
