package io.maskwatch.server.telemetry;

import io.maskwatch.wire.proto.DeviceHeartbeat;
import java.util.ArrayList;
import java.util.List;

/** Decodes and checks a message from the heartbeats topic. */
final class HeartbeatDecoder {
    private HeartbeatDecoder() {}

    static IncomingHeartbeat decode(byte[] value) throws InvalidTelemetryException {
        DeviceHeartbeat beat = Fields.parse(value, DeviceHeartbeat.parser(), "maskwatch.DeviceHeartbeat");
        if (beat.getBacklog() < 0) {
            throw new InvalidTelemetryException("backlog is negative (" + beat.getBacklog() + ")");
        }
        List<String> sources = new ArrayList<>(beat.getSourcesCount());
        for (String source : beat.getSourcesList()) {
            sources.add(Fields.text("sources", source));
        }
        return new IncomingHeartbeat(
                Fields.required("device_id", beat.getDeviceId()),
                Fields.text("device_type", beat.getDeviceType()),
                Fields.coordinate("latitude", beat.getLatitude(), 90),
                Fields.coordinate("longitude", beat.getLongitude(), 180),
                emptyToNull(Fields.text("software_version", beat.getSoftwareVersion())),
                emptyToNull(Fields.text("face_model", beat.getFaceModel())),
                emptyToNull(Fields.text("mask_model", beat.getMaskModel())),
                Fields.time("sent_at", beat.getSentAt()),
                beat.getBacklog(),
                Fields.optionalTime("oldest_unsent_at", beat.getOldestUnsentAt()),
                List.copyOf(sources));
    }

    private static String emptyToNull(String text) {
        return text.isEmpty() ? null : text;
    }
}
