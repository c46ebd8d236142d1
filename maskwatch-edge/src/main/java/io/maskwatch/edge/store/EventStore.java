package io.maskwatch.edge.store;

import io.maskwatch.core.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sqlite.SQLiteConfig;

/**
 * The device's event store and outbox: a SQLite file in WAL mode holding the seed's
 * {@code alert} table (extended) and per-minute compliance counts.
 *
 * <p>Thread-safe. Writes go through one connection, reads through another, so the detector can
 * append while the dispatcher reads (WAL lets a reader and a writer work at the same time).
 * Every write is one transaction with {@code synchronous=FULL}: a crash or power loss keeps
 * either the whole event or none of it. Several processes may open the same file (detector and
 * a separate {@code maskwatch dispatch}); they wait for each other up to the busy timeout.
 */
public final class EventStore implements AutoCloseable {
    private static final int BUSY_TIMEOUT_MS = 10_000;
    /** The rows the dispatcher publishes: not sent yet, and with evidence worth sending. */
    private static final String UNSENT_TO_SEND = "sent = 0 AND low_evidence = 0";

    private final Path file;
    private final Connection writer;
    private final Connection reader;
    private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();

    private EventStore(Path file, Connection writer, Connection reader) {
        this.file = file;
        this.writer = writer;
        this.reader = reader;
    }

    /** Opens (creating parent folders, the file and the schema, or migrating it) the store at {@code file}. */
    public static EventStore open(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (IOException e) {
            throw new UserError(
                    "store.path: cannot create folder " + absolute.getParent() + " (" + e
                            + "); choose a writable store.path",
                    e);
        }
        Connection writer = null;
        try {
            writer = connect(absolute);
            StoreSchema.migrate(writer);
            Connection reader = connect(absolute);
            return new EventStore(absolute, writer, reader);
        } catch (SQLException e) {
            closeQuietly(writer);
            throw new UserError(
                    "store.path: cannot open the event store " + absolute + ": " + e.getMessage()
                            + "; check that the file is a MaskWatch/seed SQLite database and is writable",
                    e);
        }
    }

    /**
     * Connections stay in auto-commit between writes: in IMMEDIATE mode sqlite-jdbc would
     * otherwise begin the next transaction right after each commit and hold the write lock, and
     * a second process could never write.
     */
    private static Connection connect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // Take the write lock at BEGIN: two processes never deadlock upgrading read locks.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config.createConnection("jdbc:sqlite:" + file);
    }

    public Path file() {
        return file;
    }

    /** Stores one event in one transaction; returns its row id. Listeners hear of it after the commit. */
    public long append(NewEvent event) {
        long id = write("append event " + event.eventId(), () -> {
            try (PreparedStatement insert = writer.prepareStatement(EventRows.INSERT)) {
                EventRows.bind(insert, event, Instant.now());
                insert.executeUpdate();
            }
            try (Statement statement = writer.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT last_insert_rowid()")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        appendListeners.forEach(Runnable::run);
        return id;
    }

    /** Adds to the counts of {@code source} for the minute containing {@code minute}. */
    public void addCompliance(String source, Instant minute, int withMask, int withoutMask) {
        String minuteText = minute.truncatedTo(ChronoUnit.MINUTES).toString();
        write("add compliance counts for " + source, () -> {
            try (PreparedStatement upsert = writer.prepareStatement("""
                    INSERT INTO compliance (source, minute, with_mask, without_mask) VALUES (?, ?, ?, ?)
                    ON CONFLICT (source, minute) DO UPDATE SET
                        with_mask = with_mask + excluded.with_mask,
                        without_mask = without_mask + excluded.without_mask""")) {
                upsert.setString(1, source);
                upsert.setString(2, minuteText);
                upsert.setInt(3, withMask);
                upsert.setInt(4, withoutMask);
                return upsert.executeUpdate();
            }
        });
    }

    /** Marks the rows sent, in one transaction. */
    public void markSent(Collection<Long> rowIds) {
        setSent(rowIds, 1, "mark " + rowIds.size() + " events sent");
    }

    private void setSent(Collection<Long> rowIds, int sent, String what) {
        if (rowIds.isEmpty()) {
            return;
        }
        write(what, () -> {
            try (PreparedStatement update = writer.prepareStatement("UPDATE alert SET sent = ? WHERE id = ?")) {
                for (long id : rowIds) {
                    update.setInt(1, sent);
                    update.setLong(2, id);
                    update.addBatch();
                }
                return update.executeBatch().length;
            }
        });
    }

    /**
     * Marks rows the broker refused for good (a message too large, ...): {@code sent = -1}. They
     * stay in the store for inspection but are not offered again; the seed's dispatcher, which
     * reads {@code sent = 0}, skips them too.
     */
    public void markRejected(Collection<Long> rowIds) {
        setSent(rowIds, -1, "mark " + rowIds.size() + " events rejected");
    }

    /**
     * Deletes sent and low-evidence events older than {@code before}, so that a device running for
     * months keeps a bounded file; unsent events are never deleted. Returns how many rows went.
     */
    public int deleteSentBefore(Instant before) {
        return write("delete sent events", () -> {
            try (PreparedStatement delete = writer.prepareStatement(
                    "DELETE FROM alert WHERE (sent = 1 OR low_evidence = 1) AND created_at < ?")) {
                delete.setString(1, SeedTime.format(before));
                return delete.executeUpdate();
            }
        });
    }

    /** Compliance counts of one source from {@code since} on, oldest minute first. */
    public List<ComplianceCount> compliance(String source, Instant since) {
        return read("read compliance counts of " + source, () -> {
            try (PreparedStatement query = reader.prepareStatement(
                    "SELECT minute, with_mask, without_mask FROM compliance WHERE source = ? AND minute >= ?"
                            + " ORDER BY minute")) {
                query.setString(1, source);
                query.setString(2, since.truncatedTo(ChronoUnit.MINUTES).toString());
                List<ComplianceCount> counts = new ArrayList<>();
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        counts.add(new ComplianceCount(
                                source, Instant.parse(rs.getString(1)), rs.getInt(2), rs.getInt(3)));
                    }
                }
                return counts;
            }
        });
    }

    /**
     * Up to {@code limit} events not yet marked sent, oldest first. Low-evidence events are never
     * among them (they are stored with {@code sent = -2}; the second condition keeps them out even
     * if someone resets {@code sent} by hand).
     */
    public List<StoredEvent> unsent(int limit) {
        return read("read unsent events", () -> {
            try (PreparedStatement query =
                    reader.prepareStatement(EventRows.SELECT + " WHERE " + UNSENT_TO_SEND + " ORDER BY id LIMIT ?")) {
                query.setInt(1, limit);
                List<StoredEvent> events = new ArrayList<>();
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        events.add(EventRows.read(rs));
                    }
                }
                return events;
            }
        });
    }

    /** How many events wait to be sent (low-evidence events never do). */
    public long countUnsent() {
        return read("count unsent events", () -> {
            try (Statement statement = reader.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT count(*) FROM alert WHERE " + UNSENT_TO_SEND)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** All low-evidence events of the store (never sent), oldest first: for inspection and tests. */
    public List<StoredEvent> lowEvidence() {
        return read("read low-evidence events", () -> {
            try (Statement statement = reader.createStatement();
                    ResultSet rs = statement.executeQuery(EventRows.SELECT + " WHERE low_evidence = 1 ORDER BY id")) {
                List<StoredEvent> events = new ArrayList<>();
                while (rs.next()) {
                    events.add(EventRows.read(rs));
                }
                return events;
            }
        });
    }

    /** Called after each committed append (the in-process dispatcher wakes up on it). */
    public void onAppend(Runnable listener) {
        appendListeners.add(listener);
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in one IMMEDIATE transaction on the writer connection. */
    private <T> T write(String what, SqlWork<T> work) {
        synchronized (writer) {
            try {
                writer.setAutoCommit(false);
                try {
                    T result = work.run();
                    writer.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    writer.rollback();
                    throw e;
                } finally {
                    writer.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw failure(what, e);
            }
        }
    }

    private <T> T read(String what, SqlWork<T> work) {
        synchronized (reader) {
            try {
                return work.run();
            } catch (SQLException e) {
                throw failure(what, e);
            }
        }
    }

    private EventStoreException failure(String what, SQLException e) {
        return new EventStoreException("event store " + file + ": cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        synchronized (writer) {
            closeQuietly(writer);
        }
        synchronized (reader) {
            closeQuietly(reader);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // Closing is best effort: every write was already committed.
        }
    }
}
