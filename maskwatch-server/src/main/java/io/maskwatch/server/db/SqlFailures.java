package io.maskwatch.server.db;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Tells a database that is away (retry the same work later) from work the database refuses
 * (set the offending record aside). Guessing wrong either way would lose or block events, so
 * only SQL states that mean "not now" count as transient.
 */
public final class SqlFailures {
    private SqlFailures() {}

    public static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08 connection, 53 resources (disk full, too many connections), 57 operator
                // intervention (shutdown, cancel), 40 rollback (serialization, deadlock), 58 system error.
                if (state.startsWith("08")
                        || state.startsWith("53")
                        || state.startsWith("57")
                        || state.startsWith("40")
                        || state.startsWith("58")) {
                    return true;
                }
            }
            if (t instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A login the database refuses for good: a wrong password or user (SQL state class 28), or a
     * database that does not exist (3D000). The pool reports these as a transient "connection not
     * available" with the refusal as its cause, so the whole chain is searched: waiting would never
     * end, and only a change of configuration fixes them. (For a record being archived it is still
     * "not now": the record is not at fault, so {@link #isTransient} keeps it, and a running service
     * waits for the login to be fixed rather than setting records aside.)
     */
    public static boolean isRefusedLogin(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("28") || state.equals("3D000")) {
                    return true;
                }
            }
        }
        return false;
    }
}
