package io.maskwatch.server.web.devices;

import java.util.List;

/**
 * One device as the devices page shows it.
 *
 * @param lastReportAt the later of its last heartbeat and its last event
 * @param stale true when it has not reported for {@code dashboard.device_stale_seconds}
 * @param backlog events waiting on the device at its last heartbeat
 */
public record DeviceStatus(
        String id,
        String type,
        Float latitude,
        Float longitude,
        String softwareVersion,
        String faceModel,
        String maskModel,
        List<String> sources,
        String lastReportAt,
        boolean stale,
        Long backlog,
        String oldestUnsentAt,
        long alertsLast24h) {}
