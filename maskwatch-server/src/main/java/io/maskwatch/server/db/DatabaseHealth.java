package io.maskwatch.server.db;

import io.maskwatch.core.ops.Health;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The readiness check {@value #CHECK}: a connection from the pool works. The pool waits up to its
 * connection timeout (5 s) for one while PostgreSQL is away, which is why {@link Health} runs checks
 * on its own thread and never in a probe's request.
 */
public final class DatabaseHealth implements Health.Check {
    public static final String CHECK = "postgres";

    private final DataSource dataSource;
    private final String where;

    /** @param where names the database in the reason, e.g. its URL */
    public DatabaseHealth(DataSource dataSource, String where) {
        this.dataSource = dataSource;
        this.where = where;
    }

    @Override
    public Health.Status check() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2)
                    ? Health.Status.ok()
                    : Health.Status.down("PostgreSQL at " + where + " did not answer within 2 s");
        } catch (SQLException e) {
            return Health.Status.down("PostgreSQL at " + where + " is unreachable: " + messages(e)
                    + "; the services hold their work and wait for it");
        }
    }

    /** The pool's message ("request timed out after 5000ms") and the driver's underneath ("Connection refused"). */
    private static String messages(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + " (" + root.getMessage() + ")";
    }
}
