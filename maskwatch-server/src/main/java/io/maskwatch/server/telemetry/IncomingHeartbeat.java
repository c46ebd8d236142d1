package io.maskwatch.server.telemetry;

import java.time.Instant;
import java.util.List;

/**
 * A device's heartbeat, checked.
 *
 * @param faceModel {@code null} when the device did not name one (not known yet)
 * @param oldestUnsentAt {@code null} when nothing waits on the device
 */
record IncomingHeartbeat(
        String deviceId,
        String deviceType,
        float latitude,
        float longitude,
        String softwareVersion,
        String faceModel,
        String maskModel,
        Instant sentAt,
        long backlog,
        Instant oldestUnsentAt,
        List<String> sources) {}
