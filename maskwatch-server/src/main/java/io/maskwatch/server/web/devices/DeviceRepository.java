package io.maskwatch.server.web.devices;

import io.maskwatch.server.db.DatabaseException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/** The devices the server has heard of, from their heartbeats and events. */
public final class DeviceRepository {
    private final DataSource dataSource;
    private final Duration staleAfter;
    private final Clock clock;

    public DeviceRepository(DataSource dataSource, Duration staleAfter, Clock clock) {
        this.dataSource = dataSource;
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    public List<DeviceStatus> all() {
        Instant now = clock.instant();
        String sql = "SELECT d.id, d.type, d.latitude, d.longitude, d.software_version, d.face_model, d.mask_model,"
                + " d.sources, greatest(d.last_heartbeat_at, d.last_seen_at), d.backlog, d.oldest_unsent_at,"
                + " (SELECT count(*) FROM alert a WHERE a.device_id = d.id AND a.event_time >= ?)"
                + " FROM device d ORDER BY d.id";
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(sql)) {
            select.setTimestamp(1, Timestamp.from(now.minus(Duration.ofHours(24))));
            List<DeviceStatus> out = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Timestamp lastReport = rs.getTimestamp(9);
                    boolean stale = lastReport == null
                            || lastReport.toInstant().plus(staleAfter).isBefore(now);
                    Timestamp oldest = rs.getTimestamp(11);
                    out.add(new DeviceStatus(
                            rs.getString(1),
                            rs.getString(2),
                            (Float) rs.getObject(3),
                            (Float) rs.getObject(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            sources(rs.getArray(8)),
                            lastReport == null ? null : lastReport.toInstant().toString(),
                            stale,
                            (Long) rs.getObject(10),
                            oldest == null ? null : oldest.toInstant().toString(),
                            rs.getLong(12)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DatabaseException("could not read the devices: " + e.getMessage(), e);
        }
    }

    private static List<String> sources(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
