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
}
