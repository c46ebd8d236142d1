package io.maskwatch.server.web.review;

import io.maskwatch.server.db.DatabaseException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Records operators' verdicts on alerts and counts them into false-alarm rates. */
public final class ReviewRepository {
    private final DataSource dataSource;

    public ReviewRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Marks the alerts {@code ids} with {@code verdict} by {@code user}; returns how many exist. */
    public int review(List<Long> ids, Verdict verdict, String user, Instant at) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE alert SET review = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ANY (?)")) {
            Array idArray = c.createArrayOf("bigint", ids.toArray());
            update.setString(1, verdict.apiName());
            update.setString(2, user);
            update.setTimestamp(3, Timestamp.from(at));
            update.setArray(4, idArray);
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("could not save the review: " + e.getMessage(), e);
        }
    }

    public List<FalseAlarmRate> perDevice() {
        return rates("SELECT a.device_id, a.device_id, " + COUNTS + " FROM alert a GROUP BY a.device_id ORDER BY 1");
    }

    public List<FalseAlarmRate> perModel() {
        return rates("SELECT m.id, m.name, " + COUNTS
                + " FROM alert a JOIN mask_classification_model m ON m.id = a.mask_model_id"
                + " GROUP BY m.id, m.name ORDER BY 2, 1");
    }

    private static final String COUNTS = "count(*), count(a.review), count(*) FILTER (WHERE a.review = 'false_alarm')";

    private List<FalseAlarmRate> rates(String sql) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(sql);
                ResultSet rs = select.executeQuery()) {
            List<FalseAlarmRate> out = new ArrayList<>();
            while (rs.next()) {
                out.add(FalseAlarmRate.of(
                        rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
            }
            return out;
        } catch (SQLException e) {
            throw new DatabaseException("could not count the reviews: " + e.getMessage(), e);
        }
    }
}
