package io.maskwatch.server.ingress;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Writes a batch of alerts to PostgreSQL in one transaction: devices and models upserted, image
 * and alert rows inserted, events already archived (same UUID) skipped.
 *
 * <p>Ids of new images and alerts are taken from their sequences up front, so that both tables
 * are filled by binary COPY ({@link BinaryCopy}) instead of a statement per row. Should another
 * ingress instance archive the same event between our check and our COPY, the unique UUID makes
 * the transaction fail; it is then redone once, and the check sees the event as archived.
 */
final class AlertArchive {
    /** What a stored batch brings: alerts created now, and earlier copies still waiting for their email. */
    record Stored(List<Long> newAlertIds, List<Long> unnotifiedDuplicateIds, int duplicates) {}

    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;

    AlertArchive(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Stored store(List<IncomingAlert> batch) throws SQLException {
        try {
            return storeOnce(batch);
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return storeOnce(batch); // another instance archived some of them meanwhile
            }
            throw e;
        }
    }

    private Stored storeOnce(List<IncomingAlert> batch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Stored stored = store(c, distinctByUuid(batch));
                c.commit();
                // Copies within the batch count as duplicates too.
                return new Stored(
                        stored.newAlertIds(),
                        stored.unnotifiedDuplicateIds(),
                        batch.size() - stored.newAlertIds().size());
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        }
    }

    private static List<IncomingAlert> distinctByUuid(List<IncomingAlert> batch) {
        Map<UUID, IncomingAlert> byUuid = new LinkedHashMap<>();
        batch.forEach(a -> byUuid.putIfAbsent(a.eventUuid(), a));
        return new ArrayList<>(byUuid.values());
    }

    private Stored store(Connection c, List<IncomingAlert> alerts) throws SQLException {
        Map<UUID, Existing> existing = existing(c, alerts);
        List<IncomingAlert> fresh = alerts.stream()
                .filter(a -> !existing.containsKey(a.eventUuid()))
                .toList();
        List<Long> unnotified = existing.values().stream()
                .filter(e -> !e.notified())
                .map(Existing::id)
                .sorted()
                .toList();
        if (fresh.isEmpty()) {
            return new Stored(List.of(), unnotified, alerts.size());
        }
        upsertDevices(c, fresh);
        insertModels(c, "face_detection_model", fresh, IncomingAlert::faceModel);
        insertModels(c, "mask_classification_model", fresh, IncomingAlert::maskModel);
        long[] imageIds = nextIds(c, "image_id_seq", fresh.size());
        long[] alertIds = nextIds(c, "alert_id_seq", fresh.size());
        copyImages(c, fresh, imageIds);
        copyAlerts(c, fresh, alertIds, imageIds);
        List<Long> inserted = new ArrayList<>(alertIds.length);
        for (long id : alertIds) {
            inserted.add(id);
        }
        return new Stored(inserted, unnotified, alerts.size() - inserted.size());
    }

    private record Existing(long id, boolean notified) {}

    private static Map<UUID, Existing> existing(Connection c, List<IncomingAlert> alerts) throws SQLException {
        Map<UUID, Existing> found = new HashMap<>();
        try (PreparedStatement q =
                c.prepareStatement("SELECT event_uuid, id, notification_sent FROM alert WHERE event_uuid = ANY (?)")) {
            Array uuids = c.createArrayOf(
                    "uuid", alerts.stream().map(IncomingAlert::eventUuid).toArray());
            q.setArray(1, uuids);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getObject(1, UUID.class), new Existing(rs.getLong(2), rs.getBoolean(3)));
                }
            }
        }
        return found;
    }

    /**
     * One row per device carrying its latest event's values. Sorted by id so that two instances
     * upserting the same devices lock them in the same order and cannot deadlock.
     */
    private static void upsertDevices(Connection c, List<IncomingAlert> alerts) throws SQLException {
        Map<String, IncomingAlert> latest = new TreeMap<>();
        for (IncomingAlert a : alerts) {
            latest.merge(a.deviceId(), a, (x, y) -> y.eventTime().isAfter(x.eventTime()) ? y : x);
        }
        try (PreparedStatement upsert = c.prepareStatement("""
                INSERT INTO device (id, type, enrolled_on, latitude, longitude, last_seen_at)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET
                    type = EXCLUDED.type,
                    enrolled_on = COALESCE(EXCLUDED.enrolled_on, device.enrolled_on),
                    latitude = EXCLUDED.latitude,
                    longitude = EXCLUDED.longitude,
                    last_seen_at = GREATEST(device.last_seen_at, EXCLUDED.last_seen_at)""")) {
            for (IncomingAlert a : latest.values()) {
                upsert.setString(1, a.deviceId());
                upsert.setString(2, a.deviceType());
                if (a.enrolledOn() == null) {
                    upsert.setNull(3, Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    upsert.setTimestamp(3, Timestamp.from(a.enrolledOn()));
                }
                upsert.setFloat(4, a.latitude());
                upsert.setFloat(5, a.longitude());
                upsert.setTimestamp(6, Timestamp.from(a.eventTime()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** A model is known by its guid; the first sighting names it. */
    private static void insertModels(
            Connection c, String table, List<IncomingAlert> alerts, Function<IncomingAlert, IncomingAlert.Model> model)
            throws SQLException {
        List<IncomingAlert.Model> models = alerts.stream()
                .map(model)
                .collect(Collectors.toMap(IncomingAlert.Model::guid, m -> m, (x, y) -> x, TreeMap::new))
                .values()
                .stream()
                .sorted(Comparator.comparing(IncomingAlert.Model::guid))
                .toList();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table
                + " (id, created_at, name, threshold) VALUES (?, now(), ?, ?) ON CONFLICT (id) DO NOTHING")) {
            for (IncomingAlert.Model m : models) {
                insert.setString(1, m.guid());
                insert.setString(2, m.name());
                insert.setFloat(3, m.threshold());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static long[] nextIds(Connection c, String sequence, int count) throws SQLException {
        long[] ids = new long[count];
        try (PreparedStatement q =
                c.prepareStatement("SELECT nextval('" + sequence + "') FROM generate_series(1, ?)")) {
            q.setInt(1, count);
            try (ResultSet rs = q.executeQuery()) {
                for (int i = 0; i < count && rs.next(); i++) {
                    ids[i] = rs.getLong(1);
                }
            }
        }
        return ids;
    }

    private static void copyImages(Connection c, List<IncomingAlert> alerts, long[] imageIds) throws SQLException {
        try (BinaryCopy copy =
                new BinaryCopy(c, "COPY image (id, format, width, height, data) FROM STDIN (FORMAT binary)")) {
            for (int i = 0; i < alerts.size(); i++) {
                IncomingAlert a = alerts.get(i);
                copy.row(5)
                        .int8(imageIds[i])
                        .text(a.imageFormat())
                        .int4(a.imageWidth())
                        .int4(a.imageHeight())
                        .bytes(a.imageData());
            }
            copy.finish();
        }
    }

    /** {@code received_at} and {@code notification_sent} take their defaults (now(), false). */
    private static void copyAlerts(Connection c, List<IncomingAlert> alerts, long[] alertIds, long[] imageIds)
            throws SQLException {
        try (BinaryCopy copy = new BinaryCopy(c, """
                COPY alert (id, event_uuid, event_time, device_id, face_model_id, mask_model_id, image_id,
                    probability, latitude, longitude, source, track_id, face_x1, face_y1, face_x2, face_y2)
                FROM STDIN (FORMAT binary)""")) {
            for (int i = 0; i < alerts.size(); i++) {
                IncomingAlert a = alerts.get(i);
                IncomingAlert.Box box = a.box();
                copy.row(16)
                        .int8(alertIds[i])
                        .uuid(a.eventUuid())
                        .timestamptz(a.eventTime())
                        .text(a.deviceId())
                        .text(a.faceModel().guid())
                        .text(a.maskModel().guid())
                        .int8(imageIds[i])
                        .float4(a.probability())
                        .float4(a.latitude())
                        .float4(a.longitude())
                        .text(a.source())
                        .int8(a.trackId())
                        .int4(box == null ? null : box.x1())
                        .int4(box == null ? null : box.y1())
                        .int4(box == null ? null : box.x2())
                        .int4(box == null ? null : box.y2());
            }
            copy.finish();
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is broken; the pool discards it and the transaction is gone anyway.
        }
    }
}
