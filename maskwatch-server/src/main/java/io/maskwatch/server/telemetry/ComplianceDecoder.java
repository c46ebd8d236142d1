package io.maskwatch.server.telemetry;

import io.maskwatch.wire.proto.ComplianceCount;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Decodes and checks a message from the compliance topic. */
final class ComplianceDecoder {
    private ComplianceDecoder() {}

    static IncomingCount decode(byte[] value) throws InvalidTelemetryException {
        ComplianceCount count = Fields.parse(value, ComplianceCount.parser(), "maskwatch.ComplianceCount");
        Instant minute = Fields.time("minute", count.getMinute());
        if (!minute.equals(minute.truncatedTo(ChronoUnit.MINUTES))) {
            // Devices send the minute's start; another instant would make a second row for the minute.
            throw new InvalidTelemetryException("minute: '" + count.getMinute() + "' is not the start of a minute");
        }
        return new IncomingCount(
                Fields.required("device_id", count.getDeviceId()),
                Fields.text("source", count.getSource()),
                minute,
                Fields.count("with_mask", count.getWithMask()),
                Fields.count("without_mask", count.getWithoutMask()));
    }
}
