package io.maskwatch.edge.dispatch;

import io.maskwatch.core.ops.ProcessOps;
import io.maskwatch.core.retry.OutageLog;
import io.maskwatch.core.retry.RetryBackoff;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.EventStoreException;
import io.maskwatch.wire.KafkaSettings;
import io.maskwatch.wire.NoLossProducer;
import io.maskwatch.wire.ProducerTimeouts;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
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
 * acknowledged it (acks=all, idempotent producer). When no event waits, it relays the per-minute
 * compliance counts the same way ({@link CountOutbox}): events always go first, so a backlog of
 * counts never delays an alert. Beside it, {@link Heartbeats} reports on the device every
 * {@code dispatch.heartbeat_interval}.
 *
 * <p>Delivery is at least once: a crash between acknowledgement and mark-sent republishes those
 * events (counts) on restart, and the server drops the copies (by event UUID; by device, source and
 * minute). With the broker down they stay in the store; the dispatcher retries with backoff, logs
 * once per outage and carries on by itself when the broker is back. One producer lives as long as
 * the dispatcher.
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
    private final EventOutbox events;
    private final CountOutbox counts;
    private final Heartbeats heartbeats;
    private final Duration heartbeatInterval;
    private final OutageLog kafkaOutage;
    private final OutageLog storeReadOutage;
    private final OutageLog storeWriteOutage;
    private final BrokerProbe probe;
    /** When the broker last answered or was asked (nanoTime); the idle probe goes by it. */
    private long lastContact = System.nanoTime();

    private final RetryBackoff backoff = RetryBackoff.standard();
    private final Object wakeUp = new Object();
    private boolean workSignalled;
    private volatile boolean stopped;
    private Thread thread;

    Dispatcher(
            DispatchConfig config,
            EventStore store,
            Producer<String, byte[]> producer,
            String kafkaDescription,
            DispatchListener listener,
            BrokerProbe probe) {
        this.store = store;
        this.producer = producer;
        this.topic = config.topic();
        String deviceId = config.device().guid();
        this.events = new EventOutbox(
                store, config.topic(), new AlertEncoder(config.device().enrolledOn()), listener);
        this.counts = new CountOutbox(store, config.topics().compliance(), deviceId);
        this.heartbeats = new Heartbeats(
                producer,
                config.topics().heartbeats(),
                deviceId,
                new HeartbeatEncoder(config.device(), config.heartbeat(), store, HeartbeatEncoder.softwareVersion()));
        this.heartbeatInterval = config.heartbeat().interval();
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
                config,
                store,
                producer,
                kafka.describe(),
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
        heartbeats.start(heartbeatInterval);
    }

    private void run() {
        log.info("Dispatching events from {} to topic {}", store.file(), topic);
        while (!stopped) {
            // Counts only once no event waits: an alert is what someone must act on.
            if (relay(events) || relay(counts)) {
                continue;
            }
            probeWhileIdle();
            awaitWork(IDLE_POLL);
        }
    }

    /** Publishes one batch of {@code outbox}; false when it had nothing to send. */
    private <T> boolean relay(Outbox<T> outbox) {
        List<T> batch;
        try {
            batch = outbox.unsent(BATCH_SIZE);
            storeReadOutage.succeeded();
        } catch (EventStoreException e) {
            storeReadOutage.failed("no " + outbox.what() + " are read", e);
            pause(backoff.nextDelay());
            return true;
        }
        if (batch.isEmpty()) {
            return false;
        }
        dispatch(outbox, batch);
        lastContact = System.nanoTime();
        return true;
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

    private <T> void dispatch(Outbox<T> outbox, List<T> batch) {
        Instant attemptStarted = Instant.now();
        PublishOutcome<T> outcome = publish(outbox, batch);
        outbox.acknowledged(outcome.acknowledged);
        try {
            outbox.mark(outcome.acknowledged, outcome.rejected);
            storeWriteOutage.succeeded();
        } catch (EventStoreException e) {
            // They are in Kafka but still unsent here: they go again, the server drops the copies.
            storeWriteOutage.failed("acknowledged " + outbox.what() + " stay unsent and will be published again", e);
            pause(backoff.nextDelay());
            return;
        }
        outbox.marked(outcome.acknowledged);
        if (outcome.retriableFailure != null) {
            kafkaOutage.failed(
                    waiting(outbox) + " " + outbox.what() + " wait in the store",
                    outcome.retriableFailure,
                    attemptStarted);
            pause(backoff.nextDelay());
        } else {
            kafkaOutage.succeeded();
            backoff.reset();
        }
    }

    /** Sends the whole batch (the producer batches it), then waits for every acknowledgement. */
    private <T> PublishOutcome<T> publish(Outbox<T> outbox, List<T> batch) {
        PublishOutcome<T> outcome = new PublishOutcome<>();
        List<Future<RecordMetadata>> futures = new ArrayList<>(batch.size());
        for (T row : batch) {
            try {
                Future<RecordMetadata> sent = producer.send(outbox.record(row));
                futures.add(sent);
                if (failedAtOnce(sent)) {
                    // The producer gave up before sending (no metadata for the topic within
                    // max.block.ms: the broker is away). Each further row would wait as long, so a
                    // batch would take minutes to fail: the rest stays in the store for the next try.
                    break;
                }
            } catch (RuntimeException e) {
                // Stop here so that the rows of one device stay in order; what was sent is awaited below.
                outcome.retriableFailure = e;
                break;
            }
        }
        for (int i = 0; i < futures.size(); i++) {
            T row = batch.get(i);
            try {
                futures.get(i).get();
                outcome.acknowledged.add(row);
            } catch (ExecutionException e) {
                classifyFailure(outbox, row, e.getCause(), outcome);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome.retriableFailure = e;
            }
        }
        return outcome;
    }

    /** A send the producer failed itself (it reports most such failures in the future, not by throwing). */
    private static boolean failedAtOnce(Future<RecordMetadata> sent) {
        if (!sent.isDone()) {
            return false;
        }
        try {
            sent.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static <T> void classifyFailure(Outbox<T> outbox, T row, Throwable cause, PublishOutcome<T> outcome) {
        if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException) {
            log.error(
                    "{} is larger than the broker accepts ({}); {}",
                    outbox.describe(row),
                    cause.getMessage(),
                    outbox.whatIsDoneWithARefusedRow());
            outcome.rejected.add(row);
        } else if (cause instanceof InvalidTopicException) {
            outcome.retriableFailure = new IllegalStateException(
                    "topic name refused by the broker; check " + outbox.topicKey() + ": " + cause.getMessage(), cause);
        } else if (outcome.retriableFailure == null) {
            outcome.retriableFailure = cause instanceof Exception ex ? ex : new RuntimeException(cause);
        }
    }

    private static String waiting(Outbox<?> outbox) {
        try {
            return Long.toString(outbox.waiting());
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
        return events.published();
    }

    /** Binds Micrometer's meters of this dispatcher's Kafka producer (requests, errors, retries, ...) to {@code ops}. */
    public void bindProducerMetrics(ProcessOps ops) {
        ops.bind(new KafkaClientMetrics(producer, List.of(), ops.thread(), ProcessOps.BINDER_REFRESH));
    }

    /**
     * Stops the heartbeats, and the relay after the batch in flight (its acknowledgements are
     * awaited and marked), then closes the producer.
     */
    @Override
    public void close() {
        heartbeats.close();
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
