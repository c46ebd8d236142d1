package io.maskwatch.server.telemetry;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** One piece of work in one transaction: committed whole, or rolled back and the error thrown. */
final class Transactions {
    interface Work {
        void run(Connection c) throws SQLException;
    }

    private Transactions() {}

    static void run(DataSource dataSource, Work work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    // The connection is broken; the pool discards it and the transaction is gone anyway.
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
    }
}
