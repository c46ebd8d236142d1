package io.maskwatch.server.kafka;

import io.maskwatch.core.retry.OutageLog;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Tells when the broker is away while the consumer has nothing to do. A consumer's poll does not
 * fail when the broker goes: it returns nothing, as on a quiet day. But its heartbeats to the group
 * coordinator stop, and the consumer's own metric {@code last-heartbeat-seconds-ago} grows; past a
 * session's length the broker is taken to be away since the last heartbeat, and back at the next
 * one, so the outage lines carry its true start and length.
 */
final class KafkaHeartbeatWatch {
    private static final String GROUP = "consumer-coordinator-metrics";
    private static final String NAME = "last-heartbeat-seconds-ago";
    /** The cause the outage lines name; one instance, as it is reported after every poll of an outage. */
    private static final IllegalStateException NO_HEARTBEATS =
            new IllegalStateException("the group coordinator does not answer heartbeats");

    private final Consumer<?, ?> consumer;
    private final OutageLog outage;
    private MetricName metric;
    /** When this watch first found no heartbeat ever sent (nanoTime; 0: not yet, or one was sent). */
    private long noHeartbeatSince;

    KafkaHeartbeatWatch(Consumer<?, ?> consumer, OutageLog outage) {
        this.consumer = consumer;
        this.outage = outage;
    }

    /** Called after each poll. */
    void check() {
        double secondsAgo = secondsSinceLastHeartbeat();
        if (Double.isNaN(secondsAgo)) {
            return; // the client has no such metric
        }
        // A member that has never sent a heartbeat may still be joining its group (which can take a
        // session while a crashed member is waited out): it is given two sessions before it counts.
        long limit = KafkaClients.SESSION_TIMEOUT.toSeconds() * (noHeartbeatSince != 0 ? 2 : 1);
        if (secondsAgo > limit) {
            outage.failed(
                    "no heartbeat for " + Math.round(secondsAgo) + " s; messages wait in the broker",
                    NO_HEARTBEATS,
                    Instant.now().minusMillis(Math.round(secondsAgo * 1000)));
        } else {
            outage.succeeded(); // logs only when it ends an outage
        }
    }

    /** Seconds since the last heartbeat, or since this watch first saw none ever sent; NaN without the metric. */
    private double secondsSinceLastHeartbeat() {
        Map<MetricName, ? extends Metric> metrics = consumer.metrics();
        if (metric == null) {
            metric = metrics.keySet().stream()
                    .filter(m -> m.group().equals(GROUP) && m.name().equals(NAME))
                    .findFirst()
                    .orElse(null);
            if (metric == null) {
                return Double.NaN;
            }
        }
        Metric value = metrics.get(metric);
        if (value == null || !(value.metricValue() instanceof Number n)) {
            return Double.NaN;
        }
        double seconds = n.doubleValue();
        if (seconds >= 0) {
            noHeartbeatSince = 0;
            return seconds;
        }
        // -1: no heartbeat sent yet (the broker went away before the first, or the group is being joined).
        if (noHeartbeatSince == 0) {
            noHeartbeatSince = System.nanoTime();
        }
        return (System.nanoTime() - noHeartbeatSince) / 1e9;
    }
}
