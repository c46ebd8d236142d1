package io.maskwatch.wire;

import java.util.Map;

/**
 * How long MaskWatch's producers wait before they give a send up, put before anything configured
 * (which may change them): half a minute rather than the client's two, so that an outage is
 * noticed and the message offered again from where it is kept (the device's event store, the
 * server's uncommitted offsets), which survive restarts, unlike the producer's buffer.
 */
public final class ProducerTimeouts {
    /** Kafka client property names, spelt out so that this module needs no Kafka client jar. */
    public static final Map<String, Object> SETTINGS =
            Map.of("delivery.timeout.ms", 30_000, "request.timeout.ms", 10_000, "max.block.ms", 10_000);

    private ProducerTimeouts() {}
}
