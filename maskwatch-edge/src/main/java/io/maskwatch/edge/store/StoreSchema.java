package io.maskwatch.edge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Creates and migrates the SQLite schema. The version lives in {@code PRAGMA user_version}; all
 * steps run in one transaction, so a crash during a migration leaves the previous version.
 *
 * <p>Version 1 is the seed's {@code alert} table, column for column, so that a database written
 * by the seed's detector is picked up as is and the seed's dispatcher can still read ours.
 * Version 2 adds what MaskWatch needs: event UUID, source, track, face box, frame time, device
 * enrolment time, and the per-minute compliance counts. Version 3 adds {@code low_evidence}: 1 for
 * an event whose face crop is too small or blurred for anyone to judge, stored with {@code sent =
 * -2} so that no dispatcher sends it. Version 4 adds {@code sharpness}, the crop's, so that an event
 * read back is the one the tracker made. Version 5 makes the compliance counts an outbox: {@code
 * revision} goes up with every write of a minute, {@code sent_revision} is the one the broker
 * acknowledged.
 */
final class StoreSchema {
    static final int CURRENT_VERSION = 5;

    private StoreSchema() {}

    /**
     * Brings the schema to {@link #CURRENT_VERSION} in one transaction. The version is read
     * after the write lock is taken, so two processes opening a new file at once migrate it once.
     */
    static void migrate(Connection connection) throws SQLException {
        // In IMMEDIATE mode this runs BEGIN IMMEDIATE: the write lock is ours before the version is read.
        connection.setAutoCommit(false);
        try {
            int version = userVersion(connection);
            if (version > CURRENT_VERSION) {
                throw new SQLException("event store schema version " + version + " is newer than this program ("
                        + CURRENT_VERSION + "); run a newer maskwatch or use another store.path");
            }
            if (version < 1) {
                createSeedTable(connection);
            }
            if (version < 2) {
                addMaskWatchColumns(connection);
            }
            if (version < 3) {
                addLowEvidenceColumn(connection);
            }
            if (version < 4) {
                addSharpnessColumn(connection);
            }
            if (version < 5) {
                addComplianceRevisions(connection);
            }
            if (version < CURRENT_VERSION) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA user_version = " + CURRENT_VERSION);
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    static int userVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** The seed's table; IF NOT EXISTS because a seed database already has it. */
    private static void createSeedTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS alert (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        sent INT NOT NULL DEFAULT 0,
                        created_at TEXT NOT NULL,
                        device_type TEXT NOT NULL,
                        device_id TEXT NOT NULL,
                        device_deployed_on TEXT NOT NULL,
                        longitude REAL NOT NULL,
                        latitude REAL NOT NULL,
                        face_model_name TEXT NOT NULL,
                        face_model_guid TEXT NOT NULL,
                        face_model_threshold REAL NOT NULL,
                        mask_model_name TEXT NOT NULL,
                        mask_model_guid TEXT NOT NULL,
                        mask_model_threshold REAL NOT NULL,
                        probability REAL NOT NULL,
                        image_format TEXT NOT NULL,
                        image_width INT NOT NULL,
                        image_height INT NOT NULL,
                        image_data BLOB NOT NULL
                    )""");
        }
    }

    /**
     * New columns carry defaults because SQLite can only add NOT NULL columns with one. The
     * event id stays nullable: rows written by a seed-style writer get a stable id derived from
     * the row (see {@link EventRows}), and UNIQUE still holds for every row that has one.
     */
    private static void addMaskWatchColumns(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE alert ADD COLUMN event_id TEXT");
            statement.execute("ALTER TABLE alert ADD COLUMN source TEXT NOT NULL DEFAULT ''");
            statement.execute("ALTER TABLE alert ADD COLUMN track_id INTEGER NOT NULL DEFAULT -1");
            for (String column : List.of("box_x1", "box_y1", "box_x2", "box_y2")) {
                statement.execute("ALTER TABLE alert ADD COLUMN " + column + " INTEGER NOT NULL DEFAULT 0");
            }
            statement.execute("ALTER TABLE alert ADD COLUMN frame_time TEXT NOT NULL DEFAULT ''");
            statement.execute("ALTER TABLE alert ADD COLUMN device_enrolled_on TEXT NOT NULL DEFAULT ''");
        }
        giveExistingRowsAnEventId(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE UNIQUE INDEX alert_event_id ON alert (event_id)");
            // The dispatcher's query: unsent rows in id order.
            statement.execute("CREATE INDEX alert_unsent ON alert (sent, id)");
            statement.execute("""
                    CREATE TABLE compliance (
                        source TEXT NOT NULL,
                        minute TEXT NOT NULL,
                        with_mask INTEGER NOT NULL DEFAULT 0,
                        without_mask INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (source, minute)
                    )""");
        }
    }

    /** Events stored before version 3 were all sent as evidence: 0 (DEFAULT) is what they were. */
    private static void addLowEvidenceColumn(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE alert ADD COLUMN low_evidence INTEGER NOT NULL DEFAULT 0");
        }
    }

    /**
     * The sharpness of the event's crop, kept so that the event read back is the one the tracker
     * made; NULL for rows written before (read back as NaN: not measured).
     */
    private static void addSharpnessColumn(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE alert ADD COLUMN sharpness REAL");
        }
    }

    /**
     * A minute's counts change after they were sent (a camera's minute is added to, a file's rerun
     * replaces it), so "sent" is not a flag but the revision the broker acknowledged: the dispatcher
     * sends a row while {@code revision > sent_revision} and marks only the revision it sent, so a
     * minute written again meanwhile goes once more. Rows of older versions were never sent: they
     * start at revision 1, sent 0, and go out once the device is upgraded.
     */
    private static void addComplianceRevisions(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE compliance ADD COLUMN revision INTEGER NOT NULL DEFAULT 1");
            statement.execute("ALTER TABLE compliance ADD COLUMN sent_revision INTEGER NOT NULL DEFAULT 0");
            // The dispatcher's query; partial, so a long history of sent minutes costs it nothing.
            statement.execute(
                    "CREATE INDEX compliance_unsent ON compliance (minute, source) WHERE revision > sent_revision");
        }
    }

    private static void giveExistingRowsAnEventId(Connection connection) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id FROM alert WHERE event_id IS NULL")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE alert SET event_id = ? WHERE id = ?")) {
            for (long id : ids) {
                update.setString(1, UUID.randomUUID().toString());
                update.setLong(2, id);
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
