package io.maskwatch.edge.store;

import io.maskwatch.vision.event.FaceEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sqlite.SQLiteConfig;

/**
 * The device's event store and outbox: a SQLite file in WAL mode holding the seed's
 * {@code alert} table (extended) and per-minute compliance counts, both sent by the dispatcher
 * (events by a {@code sent} flag, counts by revision: a minute changes after it was sent).
 *
 * <p>Thread-safe. Writes go through one connection, reads through another, so the detector can
 * append while the dispatcher reads (WAL lets a reader and a writer work at the same time).
 * Every write is one transaction with {@code synchronous=FULL}: a crash or power loss keeps
 * either the whole event or none of it. Several processes may open the same file (detector and
 * a separate {@code maskwatch dispatch}); they wait for each other up to the busy timeout.
 */
public final class EventStore implements AutoCloseable {
    private static final int BUSY_TIMEOUT_MS = 10_000;
    /** SQLite's default page size, which the store keeps: the size limit is counted in pages. */
    private static final int PAGE_SIZE = 4096;
    /**
     * Images deleted per transaction: a first run on months of sent events must not hold the write
     * lock (and the detector's appends) for long on an SD card.
     */
    private static final int IMAGE_DELETE_BATCH = 200;
    /** The rows the dispatcher publishes: not sent yet, and with evidence worth sending. */
    private static final String UNSENT_TO_SEND = "sent = 0 AND low_evidence = 0";

    private final Path file;
    private final Connection writer;
    private final Connection reader;
    private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();
    /** The last write's failure while no write has succeeded since; null while writes go through. */
    private volatile WriteFailure writeFailure;

    /**
     * Why the store refuses writes: the last write failed, and none has succeeded since.
     *
     * @param since when the first of the failing writes in a row failed
     */
    public record WriteFailure(StoreTrouble trouble, String message, Instant since) {}

    private EventStore(Path file, Connection writer, Connection reader) {
        this.file = file;
        this.writer = writer;
        this.reader = reader;
    }

    /** Opens (creating parent folders, the file and the schema, or migrating it) the store at {@code file}. */
    public static EventStore open(Path file) {
        return open(file, 0);
    }

    /**
     * Opens the store at {@code file}, which may grow to {@code maxBytes} (0: as large as the disk
     * allows). Past the limit a write fails as on a full disk ({@link StoreTrouble#DISK_FULL}).
     */
    public static EventStore open(Path file, long maxBytes) {
        Path absolute = file.toAbsolutePath();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (IOException e) {
            throw new EventStoreOpenException(
                    "store.path: cannot create folder " + absolute.getParent() + " (" + e
                            + "); choose a writable store.path",
                    e);
        }
        boolean existed = Files.exists(absolute);
        Connection writer = null;
        try {
            writer = connect(absolute, maxBytes);
            try (Statement statement = writer.createStatement()) {
                // Deleted images are overwritten, not only unlinked (see deleteSentImagesBefore).
                statement.execute("PRAGMA secure_delete = ON");
            }
            StoreSchema.migrate(writer);
            Connection reader = connect(absolute, 0);
            return new EventStore(absolute, writer, reader);
        } catch (SQLException e) {
            closeQuietly(writer);
            if (!existed) {
                removeHalfCreated(absolute);
            }
            StoreTrouble trouble = StoreTrouble.of(e);
            String cause = trouble == StoreTrouble.OTHER
                    ? "check that the file is a MaskWatch/seed SQLite database and is writable"
                    : trouble.what() + "; " + trouble.fix();
            throw new EventStoreOpenException(
                    "store.path: cannot open the event store " + absolute + ": " + e.getMessage() + "; " + cause, e);
        }
    }

    /** A store that could not be set up is not left behind as an empty file the next run would trust. */
    private static void removeHalfCreated(Path file) {
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
            try {
                Files.deleteIfExists(Path.of(file + suffix));
            } catch (IOException ignored) {
                // Best effort: the error about the store is what the user needs.
            }
        }
    }

    /**
     * Connections stay in auto-commit between writes: in IMMEDIATE mode sqlite-jdbc would
     * otherwise begin the next transaction right after each commit and hold the write lock, and
     * a second process could never write.
     */
    private static Connection connect(Path file, long maxBytes) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        if (maxBytes > 0) {
            config.setMaxPageCount((int) Math.max(1, Math.min(Integer.MAX_VALUE, maxBytes / PAGE_SIZE)));
        }
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

    /**
     * Stores one event in one transaction and returns its row id; empty when an event with the same
     * id is already stored (a rerun of a file names its events as the first run did), which is then
     * left as it was. Listeners hear of a new event after the commit.
     */
    public OptionalLong append(FaceEvent event, EventOrigin origin) {
        long id = write("append event " + event.eventId(), () -> {
            try (PreparedStatement insert = writer.prepareStatement(EventRows.INSERT)) {
                EventRows.bind(insert, event, origin, Instant.now());
                if (insert.executeUpdate() == 0) {
                    return -1L;
                }
            }
            try (Statement statement = writer.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT last_insert_rowid()")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        if (id < 0) {
            return OptionalLong.empty();
        }
        appendListeners.forEach(Runnable::run);
        return OptionalLong.of(id);
    }

    /** Adds to the counts of {@code source} for the minute containing {@code minute}. */
    public void addCompliance(String source, Instant minute, int withMask, int withoutMask) {
        writeCompliance(source, minute, withMask, withoutMask, ComplianceRows.ADD);
    }

    /**
     * Sets the counts of {@code source} for the minute containing {@code minute}, replacing what is
     * there: a file's minute is counted whole in each run, so a rerun must not add it twice.
     */
    public void setCompliance(String source, Instant minute, int withMask, int withoutMask) {
        writeCompliance(source, minute, withMask, withoutMask, ComplianceRows.SET);
    }

    private void writeCompliance(String source, Instant minute, int withMask, int withoutMask, String upsertSql) {
        write("write compliance counts for " + source, () -> {
            try (PreparedStatement upsert = writer.prepareStatement(upsertSql)) {
                ComplianceRows.bindWrite(upsert, source, minute, withMask, withoutMask);
                return upsert.executeUpdate();
            }
        });
    }

    /** Up to {@code limit} minutes whose latest counts the broker has not acknowledged, oldest first. */
    public List<UnsentCount> unsentCompliance(int limit) {
        return readRows("read unsent compliance counts", ComplianceRows.UNSENT, ComplianceRows::readUnsent, limit);
    }

    /**
     * Marks each minute sent in the revision that was read and acknowledged, in one transaction. A
     * minute written since (a higher revision) stays unsent, so its new counts go too.
     */
    public void markComplianceSent(Collection<UnsentCount> sent) {
        if (sent.isEmpty()) {
            return;
        }
        write("mark " + sent.size() + " compliance counts sent", () -> {
            try (PreparedStatement update = writer.prepareStatement(ComplianceRows.MARK_SENT)) {
                for (UnsentCount count : sent) {
                    ComplianceRows.bindMarkSent(update, count);
                    update.addBatch();
                }
                return update.executeBatch().length;
            }
        });
    }

    /** How many minutes wait to be sent. */
    public long countUnsentCompliance() {
        return count("count unsent compliance counts", ComplianceRows.COUNT_UNSENT);
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

    /**
     * Deletes the face image of every event the broker acknowledged ({@code sent = 1}) or held back
     * as low-evidence ({@code sent = -2}: too small or blurred to judge, never to be sent) that was
     * stored before {@code before}; returns how many images went. The row stays, with an empty
     * image ({@code image_data} is NOT NULL in the seed's table): its time, source, box and models
     * still count and show where the event went. Unsent and refused events keep their image
     * whatever their age: for them it is the only copy of what is still to be delivered. A
     * low-evidence face is kept for no one (most events of a busy entrance are such), so keeping
     * it for ever would hold most of the faces a device ever stored. The freed
     * pages are overwritten with zeros ({@code secure_delete}, set on the writer), so the face does
     * not linger in the file's free space. Done 200 rows per transaction, so appends go on between.
     */
    public int deleteSentImagesBefore(Instant before) {
        int total = 0;
        int batch;
        do {
            batch = write("delete the images of sent events", () -> {
                try (PreparedStatement update = writer.prepareStatement("UPDATE alert SET image_data = X''"
                        + " WHERE id IN (SELECT id FROM alert WHERE sent IN (1, -2) AND created_at < ?"
                        + " AND length(image_data) > 0 LIMIT " + IMAGE_DELETE_BATCH + ")")) {
                    update.setString(1, SeedTime.format(before));
                    return update.executeUpdate();
                }
            });
            total += batch;
        } while (batch == IMAGE_DELETE_BATCH);
        return total;
    }

    /** Compliance counts of one source from {@code since} on, oldest minute first. */
    public List<ComplianceCount> compliance(String source, Instant since) {
        return readRows(
                "read compliance counts of " + source,
                "SELECT minute, with_mask, without_mask FROM compliance WHERE source = ? AND minute >= ?"
                        + " ORDER BY minute",
                rs -> new ComplianceCount(source, Instant.parse(rs.getString(1)), rs.getInt(2), rs.getInt(3)),
                source,
                ComplianceRows.minuteText(since));
    }

    /**
     * Up to {@code limit} events not yet marked sent, oldest first. Low-evidence events are never
     * among them (they are stored with {@code sent = -2}; the second condition keeps them out even
     * if someone resets {@code sent} by hand).
     */
    public List<StoredEvent> unsent(int limit) {
        return readRows(
                "read unsent events",
                EventRows.SELECT + " WHERE " + UNSENT_TO_SEND + " ORDER BY id LIMIT ?",
                EventRows::read,
                limit);
    }

    /** How many events wait to be sent (low-evidence events never do). */
    public long countUnsent() {
        return count("count unsent events", "SELECT count(*) FROM alert WHERE " + UNSENT_TO_SEND);
    }

    private long count(String what, String sql) {
        return readRows(what, sql, rs -> rs.getLong(1)).get(0);
    }

    /** The time of the oldest event waiting to be sent (when it was seen); empty when none waits. */
    public Optional<Instant> oldestUnsentTime() {
        return readRows(
                        "read the oldest unsent event",
                        "SELECT frame_time, created_at FROM alert WHERE " + UNSENT_TO_SEND + " ORDER BY id LIMIT 1",
                        rs -> SeedTime.parse(rs.getString(1).isEmpty() ? rs.getString(2) : rs.getString(1)))
                .stream()
                .findFirst();
    }

    /**
     * The models the newest stored event was seen with: what the detector writing this store last
     * ran, for a dispatcher in another process, which loads no models. Empty while the store has no
     * event.
     */
    public Optional<ModelNames> newestModelNames() {
        return readRows(
                        "read the newest event's models",
                        "SELECT face_model_name, mask_model_name FROM alert ORDER BY id DESC LIMIT 1",
                        rs -> new ModelNames(rs.getString(1), rs.getString(2)))
                .stream()
                .findFirst();
    }

    /** All low-evidence events of the store (never sent), oldest first: for inspection and tests. */
    public List<StoredEvent> lowEvidence() {
        return readRows(
                "read low-evidence events", EventRows.SELECT + " WHERE low_evidence = 1 ORDER BY id", EventRows::read);
    }

    /** Called after each committed append (the in-process dispatcher wakes up on it). */
    public void onAppend(Runnable listener) {
        appendListeners.add(listener);
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Every row {@code sql} selects with {@code params}, through {@code row}. */
    private <T> List<T> readRows(String what, String sql, RowReader<T> row, Object... params) {
        return read(what, () -> {
            try (PreparedStatement query = reader.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    query.setObject(i + 1, params[i]);
                }
                List<T> rows = new ArrayList<>();
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row.read(rs));
                    }
                }
                return rows;
            }
        });
    }

    /**
     * Runs {@code work} in one IMMEDIATE transaction on the writer connection. SQLite may already
     * have rolled back a transaction that failed (a full disk does), so the rollback is best effort
     * and never hides the error that caused it.
     */
    private <T> T write(String what, SqlWork<T> work) {
        synchronized (writer) {
            try {
                writer.setAutoCommit(false);
                try {
                    T result = work.run();
                    writer.commit();
                    writeFailure = null;
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(e);
                    throw e;
                } finally {
                    restoreAutoCommit();
                }
            } catch (SQLException e) {
                EventStoreException failure = failure(what, e);
                WriteFailure before = writeFailure;
                writeFailure = new WriteFailure(
                        failure.trouble(), failure.getMessage(), before == null ? Instant.now() : before.since());
                throw failure;
            }
        }
    }

    /**
     * Whether the store takes writes: empty while the last write went through, else why the last one
     * failed and since when (for the device's health, which says the store cannot be written).
     */
    public Optional<WriteFailure> writeFailure() {
        return Optional.ofNullable(writeFailure);
    }

    private void rollbackQuietly(Exception cause) {
        try {
            writer.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** After a failed commit the connection may refuse this too; the next write's BEGIN sets it again. */
    private void restoreAutoCommit() {
        try {
            writer.setAutoCommit(true);
        } catch (SQLException ignored) {
            // The next write calls setAutoCommit(false) again, which starts from a clean state.
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
        StoreTrouble trouble = StoreTrouble.of(e);
        return new EventStoreException(
                "event store " + file + ": cannot " + what + ": " + e.getMessage()
                        + (trouble == StoreTrouble.OTHER ? "" : " (" + trouble.what() + ": " + trouble.fix() + ")"),
                trouble,
                e);
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
