package io.maskwatch.server.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Small queries for assertions: the first column of every row. */
public final class Sql {
    private Sql() {}

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    public static long count(DataSource ds, String sql, Object... params) {
        List<Long> values = longs(ds, sql, params);
        return values.isEmpty() ? 0 : values.get(0);
    }

    public static List<Long> longs(DataSource ds, String sql, Object... params) {
        return column(ds, sql, rs -> rs.getLong(1), params);
    }

    public static List<String> strings(DataSource ds, String sql, Object... params) {
        return column(ds, sql, rs -> rs.getString(1), params);
    }

    private static <T> List<T> column(DataSource ds, String sql, Column<T> column, Object... params) {
        List<T> values = new ArrayList<>();
        try (Connection c = ds.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                q.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    values.add(column.read(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
        return values;
    }

    /** Runs one statement that changes rows. */
    public static int update(DataSource ds, String sql) {
        try (java.sql.Connection c = ds.getConnection();
                java.sql.Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
