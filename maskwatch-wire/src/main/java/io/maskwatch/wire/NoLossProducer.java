package io.maskwatch.wire;

import java.util.Map;

/**
 * The producer settings every MaskWatch producer puts last, over anything configured: without
 * them an acknowledged message could still be lost or doubled.
 *
 * <p>acks=all and idempotence keep a retried message from being lost or written twice. One
 * request in flight per connection closes a hole that idempotence alone leaves open on brokers
 * before Kafka 4.5 (KAFKA-15591): with two requests in flight to a partition the broker has only
 * just created, the first can be refused with NOT_LEADER_OR_FOLLOWER while the second is
 * appended; every retry of the first is then refused as out of order until delivery.timeout.ms
 * drops it. The in-process broker of the tests hit exactly that on freshly made topics. The
 * rates MaskWatch produces at (alerts, notification ids, dead letters) are far below what one
 * request in flight carries.
 */
public final class NoLossProducer {
    /** Kafka client property names, spelt out so that this module needs no Kafka client jar. */
    public static final Map<String, Object> SETTINGS =
            Map.of("acks", "all", "enable.idempotence", true, "max.in.flight.requests.per.connection", 1);

    private NoLossProducer() {}
}
