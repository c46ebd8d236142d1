package io.maskwatch.server.telemetry;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Keeps each device's latest heartbeat in its {@code device} row (created by the first heartbeat
 * when no event came before it; {@code enrolled_on} then stays empty until an event brings it), a
 * batch in one transaction.
 *
 * <p>A heartbeat only ever replaces an older one: a copy redelivered, or one that waited in a
 * producer during an outage, arrives after a newer one and must not put an old backlog on the
 * dashboard, so the update is skipped when the row's {@code last_heartbeat_at} is later. That time
 * is the device's own ({@code sent_at}), the clock the heartbeats are ordered by.
 */
final class HeartbeatArchive {
    private static final String UPSERT = """
            INSERT INTO device (id, type, latitude, longitude, software_version, face_model, mask_model, sources,
                last_heartbeat_at, backlog, oldest_unsent_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                type = EXCLUDED.type,
                latitude = EXCLUDED.latitude,
                longitude = EXCLUDED.longitude,
                software_version = EXCLUDED.software_version,
                face_model = EXCLUDED.face_model,
                mask_model = EXCLUDED.mask_model,
                sources = EXCLUDED.sources,
                last_heartbeat_at = EXCLUDED.last_heartbeat_at,
                backlog = EXCLUDED.backlog,
                oldest_unsent_at = EXCLUDED.oldest_unsent_at
            WHERE device.last_heartbeat_at IS NULL OR device.last_heartbeat_at <= EXCLUDED.last_heartbeat_at""";

    private final DataSource dataSource;

    HeartbeatArchive(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void store(List<IncomingHeartbeat> beats) throws SQLException {
        // The latest per device (one multi-row INSERT cannot touch a row twice), in id order so that
        // two instances lock the same devices in the same order and cannot deadlock.
        Map<String, IncomingHeartbeat> latest = new TreeMap<>();
        for (IncomingHeartbeat beat : beats) {
            latest.merge(beat.deviceId(), beat, (a, b) -> b.sentAt().isAfter(a.sentAt()) ? b : a);
        }
        Transactions.run(dataSource, c -> {
            try (PreparedStatement upsert = c.prepareStatement(UPSERT)) {
                for (IncomingHeartbeat beat : latest.values()) {
                    upsert.setString(1, beat.deviceId());
                    upsert.setString(2, beat.deviceType());
                    upsert.setFloat(3, beat.latitude());
                    upsert.setFloat(4, beat.longitude());
                    upsert.setString(5, beat.softwareVersion());
                    upsert.setString(6, beat.faceModel());
                    upsert.setString(7, beat.maskModel());
                    upsert.setArray(8, c.createArrayOf("text", beat.sources().toArray()));
                    upsert.setTimestamp(9, Timestamp.from(beat.sentAt()));
                    upsert.setLong(10, beat.backlog());
                    setTime(upsert, 11, beat.oldestUnsentAt());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        });
    }

    private static void setTime(PreparedStatement statement, int index, Instant time) throws SQLException {
        if (time == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setTimestamp(index, Timestamp.from(time));
        }
    }
}
