package io.maskwatch.server.telemetry;

import java.time.Instant;

/** A device's count of one minute on one source, checked. */
record IncomingCount(String deviceId, String source, Instant minute, int withMask, int withoutMask) {

    /** The count that keeps the larger figure of each: what the archive keeps for a minute sent twice. */
    IncomingCount max(IncomingCount other) {
        return new IncomingCount(
                deviceId, source, minute, Math.max(withMask, other.withMask), Math.max(withoutMask, other.withoutMask));
    }
}
