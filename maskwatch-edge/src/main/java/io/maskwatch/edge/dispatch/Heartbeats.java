package io.maskwatch.edge.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a heartbeat at start and then every interval, on a thread of its own so that a send waiting
 * for the broker never holds up events (nor events a heartbeat), through the dispatcher's producer.
 *
 * <p>A heartbeat says how the device is now; an old one is worth nothing once the next is due. So
 * none is kept: at most one is in flight, a beat that finds the previous one still unacknowledged
 * is skipped, and one that fails is dropped. An outage thus never piles heartbeats up in the
 * producer's buffer, and it is the dispatcher that logs the outage, not this.
 */
final class Heartbeats implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeats.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final String deviceId;
    private final HeartbeatEncoder encoder;
    private final ScheduledExecutorService timer;
    private Future<RecordMetadata> inFlight;

    Heartbeats(Producer<String, byte[]> producer, String topic, String deviceId, HeartbeatEncoder encoder) {
        this.producer = producer;
        this.topic = topic;
        this.deviceId = deviceId;
        this.encoder = encoder;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "maskwatch-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.timer = executor;
    }

    void start(Duration interval) {
        timer.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs on the timer's one thread only. */
    private void beat() {
        if (inFlight != null && !inFlight.isDone()) {
            log.debug("heartbeat skipped: the previous one is not acknowledged yet");
            return;
        }
        try {
            byte[] value = encoder.encode(Instant.now()).toByteArray();
            inFlight = producer.send(new ProducerRecord<>(topic, deviceId, value), (metadata, failure) -> {
                if (failure != null) {
                    log.debug("heartbeat dropped: {}", failure.toString());
                }
            });
        } catch (RuntimeException e) {
            // The store could not be read, or the producer did not take it in time (no broker):
            // dropped, the next one replaces it. Never let it end the schedule.
            log.debug("heartbeat dropped: {}", e.toString());
        }
    }

    /** Stops the beats; one being sent is interrupted (the producer closes after this). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                log.debug("heartbeat thread still busy after 5 s; the producer's close ends it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
