package io.maskwatch.server.notify;

import java.time.Instant;

/** An archived alert as the email shows it. {@code probability} and location may be null (seed rows). */
record AlertView(
        long id,
        Instant eventTime,
        String deviceId,
        String deviceType,
        Float latitude,
        Float longitude,
        String source,
        Float probability,
        String imageFormat,
        byte[] image) {}
