package io.maskwatch.edge.store;

import java.sql.SQLException;

/**
 * Why the event store could not be written, in the words a person acting on it needs. SQLite's
 * primary result codes tell a full disk, a read-only file and a lock held by another process
 * apart; the message alone ("cannot commit") does not.
 */
public enum StoreTrouble {
    DISK_FULL("the disk is full or store.max_size_mb is reached", "free space on its disk or raise store.max_size_mb"),
    READ_ONLY("the file or its folder is read-only", "make the file and its folder writable"),
    LOCKED("another process holds its lock", "stop the process holding it (a stuck dispatcher or a sqlite3 shell)"),
    IO_ERROR("the disk reports an I/O error", "check the disk (dmesg) and its free space"),
    OTHER("an unexpected database error", "check the file and the log");

    private final String what;
    private final String fix;

    StoreTrouble(String what, String fix) {
        this.what = what;
        this.fix = fix;
    }

    /** What is wrong, e.g. "the disk is full". */
    public String what() {
        return what;
    }

    /** What to do about it. */
    public String fix() {
        return fix;
    }

    /** The trouble behind {@code e} (a sqlite-jdbc exception carries SQLite's primary result code). */
    static StoreTrouble of(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                StoreTrouble trouble = ofCode(sql.getErrorCode() & 0xff);
                if (trouble != OTHER) {
                    return trouble;
                }
            }
        }
        return OTHER;
    }

    private static StoreTrouble ofCode(int primaryCode) {
        return switch (primaryCode) {
            case 5, 6 -> LOCKED; // SQLITE_BUSY, SQLITE_LOCKED
            case 8 -> READ_ONLY; // SQLITE_READONLY
            case 10 -> IO_ERROR; // SQLITE_IOERR
            case 13 -> DISK_FULL; // SQLITE_FULL
            default -> OTHER;
        };
    }
}
