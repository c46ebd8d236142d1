package io.maskwatch.edge.dispatch;

import io.maskwatch.core.retry.OutageLog;
import io.maskwatch.core.retry.RetryBackoff;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.EventStoreException;
import io.maskwatch.edge.store.StoredEvent;
import io.maskwatch.wire.KafkaSettings;
import io.maskwatch.wire.NoLossProducer;
import io.maskwatch.wire.ProducerTimeouts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's outbox relay: reads unsent events from the store in order, publishes each as a
 * protobuf {@code Alert} keyed by device id, and marks it sent only once the broker has
 * acknowledged it (acks=all, idempotent producer).
 *
 * <p>Delivery is at least once: a crash between acknowledgement and mark-sent republishes those
 * events on restart, and the ingress drops them by event UUID. With the broker down the events
 * stay in the store; the dispatcher retries with backoff, logs once per outage and carries on
 * by itself when the broker is back. One producer lives as long as the dispatcher.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final int BATCH_SIZE = 500;
    /** Without a signal from an in-process detector, how often an idle dispatcher looks for new events. */
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    /** While idle, the broker is asked this often whether it is there, so an outage is logged when it starts. */
    static final Duration PROBE_EVERY = Duration.ofSeconds(10);

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final EventStore store;
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final AlertEncoder encoder;
    private final DispatchListener listener;
    private final OutageLog kafkaOutage;
    private final OutageLog storeReadOutage;
    private final OutageLog storeWriteOutage;
    private final BrokerProbe probe;
    /** When the broker last answered or was asked (nanoTime); the idle probe goes by it. */
    private long lastContact = System.nanoTime();

    private final RetryBackoff backoff = RetryBackoff.standard();
    private final Object wakeUp = new Object();
    private final AtomicLong published = new AtomicLong();
    private boolean workSignalled;
    private volatile boolean stopped;
    private Thread thread;

    Dispatcher(
            EventStore store,
            Producer<String, byte[]> producer,
            String topic,
            String kafkaDescription,
            AlertEncoder encoder,
            DispatchListener listener,
            BrokerProbe probe) {
        this.store = store;
        this.producer = producer;
        this.topic = topic;
        this.encoder = encoder;
        this.listener = listener;
        this.kafkaOutage = new OutageLog(log, "Kafka at " + kafkaDescription);
        // Reads and writes apart: in WAL mode reads go on while another process holds the write lock,
        // and a read that succeeds must not announce the end of an outage that writes still have.
        this.storeReadOutage = new OutageLog(log, "Reading the event store " + store.file());
        this.storeWriteOutage = new OutageLog(log, "Writing the event store " + store.file());
        this.probe = probe;
        store.onAppend(this::signalWork);
    }

    /** A dispatcher for {@code store} with one long-lived producer configured from {@code config}. */
    public static Dispatcher create(
            DispatchConfig config, EventStore store, Function<String, String> env, DispatchListener listener) {
        KafkaSettings kafka = config.kafka();
        Map<String, Object> props =
                producerProperties(kafka, env, config.device().guid());
        Producer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        return new Dispatcher(
                store,
                producer,
                config.topic(),
                kafka.describe(),
                new AlertEncoder(config.device().enrolledOn()),
                listener,
                BrokerProbe.describeCluster(kafka.clientProperties(env), PROBE_TIMEOUT));
    }

    static Map<String, Object> producerProperties(KafkaSettings kafka, Function<String, String> env, String deviceId) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "maskwatch-dispatch-" + (deviceId == null ? "device" : deviceId));
        // Small batches, sent at once: an event should reach the broker within milliseconds.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // A failed send is offered again from the store, the real buffer: give up on it early.
        props.putAll(ProducerTimeouts.SETTINGS);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5_000);
        props.putAll(kafka.clientProperties(env));
        props.putAll(NoLossProducer.SETTINGS);
        return props;
    }

    /** Starts the dispatcher on its own thread (inside {@code detect}). */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("dispatcher already started");
        }
        thread = new Thread(this::run, "maskwatch-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        log.info("Dispatching events from {} to topic {}", store.file(), topic);
        while (!stopped) {
            List<StoredEvent> batch;
            try {
                batch = store.unsent(BATCH_SIZE);
                storeReadOutage.succeeded();
            } catch (EventStoreException e) {
                storeReadOutage.failed("no events are read", e);
                pause(backoff.nextDelay());
                continue;
            }
            if (batch.isEmpty()) {
                probeWhileIdle();
                awaitWork(IDLE_POLL);
                continue;
            }
            dispatch(batch);
            lastContact = System.nanoTime();
        }
    }

    /** An idle dispatcher sends nothing, so only asking tells it that the broker went away (or came back). */
    private void probeWhileIdle() {
        if (probe == null || System.nanoTime() - lastContact < PROBE_EVERY.toNanos()) {
            return;
        }
        Instant started = Instant.now();
        try {
            probe.check();
            kafkaOutage.succeeded();
        } catch (Exception e) {
            kafkaOutage.failed("new events wait in the store until it is back", e, started);
        }
        lastContact = System.nanoTime();
    }

    private void dispatch(List<StoredEvent> batch) {
        Instant attemptStarted = Instant.now();
        PublishOutcome outcome = publish(batch);
        listener.acknowledged(outcome.acknowledged);
        try {
            store.markSent(PublishOutcome.rowIds(outcome.acknowledged));
            store.markRejected(PublishOutcome.rowIds(outcome.rejected));
            storeWriteOutage.succeeded();
        } catch (EventStoreException e) {
            // The events are in Kafka but still unsent here: they go again, the ingress drops the copies.
            storeWriteOutage.failed("acknowledged events stay unsent and will be published again", e);
            pause(backoff.nextDelay());
            return;
        }
        published.addAndGet(outcome.acknowledged.size());
        listener.markedSent(outcome.acknowledged);
        if (outcome.retriableFailure != null) {
            kafkaOutage.failed(waiting() + " events wait in the store", outcome.retriableFailure, attemptStarted);
            pause(backoff.nextDelay());
        } else {
            kafkaOutage.succeeded();
            backoff.reset();
        }
    }

    /** Sends the whole batch (the producer batches it), then waits for every acknowledgement. */
    private PublishOutcome publish(List<StoredEvent> batch) {
        PublishOutcome outcome = new PublishOutcome();
        List<Future<RecordMetadata>> futures = new ArrayList<>(batch.size());
        for (StoredEvent stored : batch) {
            try {
                byte[] value = encoder.encode(stored).toByteArray();
                futures.add(producer.send(
                        new ProducerRecord<>(topic, stored.origin().device().guid(), value)));
            } catch (RuntimeException e) {
                // Stop here so that the events of one device stay in order; what was sent is awaited below.
                outcome.retriableFailure = e;
                break;
            }
        }
        for (int i = 0; i < futures.size(); i++) {
            StoredEvent stored = batch.get(i);
            try {
                futures.get(i).get();
                outcome.acknowledged.add(stored);
            } catch (ExecutionException e) {
                classifyFailure(stored, e.getCause(), outcome);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome.retriableFailure = e;
            }
        }
        return outcome;
    }

    private static void classifyFailure(StoredEvent stored, Throwable cause, PublishOutcome outcome) {
        if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException) {
            log.error(
                    "Event {} (row {}) is larger than the broker accepts ({}); it is set aside in the store"
                            + " with sent = -1. Raise max.request.size / the topic's max.message.bytes, or send"
                            + " smaller face crops.",
                    stored.event().eventId(),
                    stored.rowId(),
                    cause.getMessage());
            outcome.rejected.add(stored);
        } else if (cause instanceof InvalidTopicException) {
            outcome.retriableFailure = new IllegalStateException(
                    "topic name refused by the broker; check topics.alerts: " + cause.getMessage(), cause);
        } else if (outcome.retriableFailure == null) {
            outcome.retriableFailure = cause instanceof Exception ex ? ex : new RuntimeException(cause);
        }
    }

    private String waiting() {
        try {
            return Long.toString(store.countUnsent());
        } catch (EventStoreException e) {
            return "the unsent";
        }
    }

    private void signalWork() {
        synchronized (wakeUp) {
            workSignalled = true;
            wakeUp.notifyAll();
        }
    }

    private void awaitWork(Duration timeout) {
        synchronized (wakeUp) {
            if (!workSignalled && !stopped) {
                try {
                    wakeUp.wait(timeout.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                }
            }
            workSignalled = false;
        }
    }

    /** Sleeps, but wakes up at once on {@link #close()}. */
    private void pause(Duration delay) {
        synchronized (wakeUp) {
            if (!stopped) {
                try {
                    wakeUp.wait(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                }
            }
        }
    }

    /** Events acknowledged and marked sent since start. */
    public long publishedCount() {
        return published.get();
    }

    /** Stops after the batch in flight (its acknowledgements are awaited and marked), then closes the producer. */
    @Override
    public void close() {
        stopped = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        Thread running = thread;
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(Duration.ofSeconds(40).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(5));
        if (probe != null) {
            probe.close();
        }
    }
}
