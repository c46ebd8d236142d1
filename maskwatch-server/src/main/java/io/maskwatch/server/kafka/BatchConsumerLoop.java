package io.maskwatch.server.kafka;

import io.maskwatch.core.ops.Health;
import io.maskwatch.core.retry.OutageLog;
import io.maskwatch.core.retry.RetryBackoff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer-group member that hands each polled batch to a {@link Handler} and commits the
 * offsets only after the handler (and the dead-letter topic) are done with it: at-least-once,
 * made exactly-once in effect by idempotent handlers.
 *
 * <p>When the handler fails (database or broker away), the same batch is retried with backoff
 * while the partitions are paused, so nothing further is fetched, nothing is skipped and the
 * member stays in its group; one log line per outage. Messages the handler cannot use are
 * returned as dead letters and published before the commit.
 */
public final class BatchConsumerLoop implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchConsumerLoop.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration WAIT_BEFORE_SAYING = Duration.ofSeconds(3);

    /** Processes a batch. Must be idempotent: a batch may come again after a retry or a restart. */
    public interface Handler {
        /**
         * Handles the records; returns those to set aside, with reasons. Throws when the batch
         * could not be handled now and must be retried as a whole.
         */
        List<DeadLetters.Letter> handle(List<ConsumerRecord<byte[], byte[]>> records) throws Exception;
    }

    private final String name;
    private final Consumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final Handler handler;
    private final DeadLetters deadLetters;
    private final OutageLog kafkaOutage;
    private final OutageLog otherOutage;
    private final KafkaHeartbeatWatch heartbeat;
    private final RetryBackoff backoff = RetryBackoff.standard();
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopped;
    private volatile boolean started;
    /** Orders run's start against close: a consumer closed before its thread ran is never touched again. */
    private final Object lifecycle = new Object();

    private boolean retrying;
    private int failingPolls;
    /** While polls fail: the last one's error, for readiness; null while polling works. */
    private volatile String pollError;

    private long subscribedAt;
    private boolean assigned;
    private boolean waitLogged;

    /**
     * @param kafka names the broker in outage lines, e.g. "Kafka at localhost:9092 (PLAINTEXT)"
     * @param other names what the handler writes to, e.g. "PostgreSQL": a failure of the handler that
     *     is not Kafka's is logged as an outage of this one
     */
    public BatchConsumerLoop(
            String name,
            Consumer<byte[], byte[]> consumer,
            List<String> topics,
            Handler handler,
            DeadLetters deadLetters,
            String kafka,
            String other) {
        this.name = name;
        this.consumer = consumer;
        this.topics = topics;
        this.handler = handler;
        this.deadLetters = deadLetters;
        Logger named = LoggerFactory.getLogger(name);
        this.kafkaOutage = new OutageLog(named, kafka);
        this.otherOutage = new OutageLog(named, other);
        // Its own outage line: a batch that goes through must not end an outage the heartbeats still
        // show (the lines would alternate), and only heartbeats that resume end it.
        this.heartbeat = new KafkaHeartbeatWatch(consumer, new OutageLog(named, kafka + " (group coordinator)"));
    }

    @Override
    public void run() {
        synchronized (lifecycle) {
            if (stopped) {
                finished.countDown(); // closed before it ran: close() has closed the consumer
                return;
            }
            started = true;
        }
        try {
            consumer.subscribe(topics, new PauseWhileRetrying());
            subscribedAt = System.nanoTime();
            log.info("{} consuming {}", name, topics);
            while (!stopped) {
                try {
                    pollAndHandle();
                    if (failingPolls > 0) {
                        log.info("{}: polling works again after {} failed polls", name, failingPolls);
                        failingPolls = 0;
                        pollError = null;
                        backoff.reset();
                    }
                } catch (WakeupException | InterruptException e) {
                    throw e;
                } catch (RuntimeException | Error e) {
                    if (e instanceof VirtualMachineError fatal) {
                        // Out of memory: the launchers make the JVM exit, and systemd restarts it. Any
                        // other (a stack overflow): the member ends, and readiness says so.
                        log.error("{}: the consumer stops on a fatal error; restart the service", name, fatal);
                        throw fatal;
                    }
                    pollError = e.toString();
                    // A member whose thread ended would leave the service up, healthy to look at and
                    // consuming nothing: say it, wait, and poll again (the uncommitted batch comes again).
                    // Errors too: a library's internal assert (pgjdbc's, once) must not end the member.
                    if (failingPolls++ == 0) {
                        log.error("{}: a poll failed; polling again with backoff, nothing is skipped", name, e);
                    } else {
                        log.debug("{}: poll failed again ({} in a row): {}", name, failingPolls, e.toString());
                    }
                    failures.incrementAndGet();
                    Thread.sleep(backoff.nextDelay().toMillis());
                }
            }
        } catch (InterruptedException | InterruptException e) {
            Thread.currentThread().interrupt();
        } catch (WakeupException e) {
            if (!stopped) {
                throw e;
            }
        } finally {
            try {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            } catch (KafkaException e) {
                log.debug("{}: closing the consumer: {}", name, e.toString());
            }
            finished.countDown();
        }
    }

    private void pollAndHandle() {
        if (failingPolls > 0) {
            rewindToCommitted();
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        logTheWaitForPartitions();
        if (records.isEmpty()) {
            // Records coming in say more than a heartbeat metric: only an idle member asks it.
            heartbeat.check();
        } else {
            handleUntilDone(toList(records));
        }
    }

    /**
     * After a failed poll, the position may be past a batch that was fetched but not committed (the
     * poll that failed may have been the one that kept the member in its group during a retry): go
     * back to the committed offsets, and out of the retry, so that the batch comes again.
     */
    private void rewindToCommitted() {
        Set<TopicPartition> assignment = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assignment, KafkaClients.SESSION_TIMEOUT);
        for (TopicPartition tp : assignment) {
            OffsetAndMetadata offset = committed.get(tp);
            if (offset != null) {
                consumer.seek(tp, offset);
            } else {
                // Nothing committed yet: where the group's offset reset (earliest) would start.
                consumer.seekToBeginning(List.of(tp));
            }
        }
        retrying = false;
        consumer.resume(consumer.paused());
    }

    /**
     * After a crash, the group gives the dead member's partitions to no one until its session times
     * out ({@link KafkaClients#SESSION_TIMEOUT}): a restarted member waits that long for work, and
     * says so instead of looking idle.
     */
    private void logTheWaitForPartitions() {
        if (!assigned && !waitLogged && System.nanoTime() - subscribedAt > WAIT_BEFORE_SAYING.toNanos()) {
            waitLogged = true;
            log.info(
                    "{}: waiting for the group to give this member partitions (a member that stopped without"
                            + " leaving holds them until its session of {} s times out)",
                    name,
                    KafkaClients.SESSION_TIMEOUT.toSeconds());
        }
    }

    private void handleUntilDone(List<ConsumerRecord<byte[], byte[]>> records) {
        while (!stopped) {
            Instant attemptStarted = Instant.now();
            try {
                List<DeadLetters.Letter> letters = handler.handle(records);
                if (!letters.isEmpty()) {
                    deadLetters.sendAll(letters);
                }
                commit(records);
                handled.addAndGet(records.size());
                if (retrying) {
                    retrying = false;
                    consumer.resume(consumer.paused());
                }
                kafkaOutage.succeeded();
                otherOutage.succeeded();
                backoff.reset();
                return;
            } catch (WakeupException e) {
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
            } catch (Exception e) {
                (isKafkas(e) ? kafkaOutage : otherOutage)
                        .failed(
                                "holding " + records.size() + " messages and retrying them; nothing is skipped",
                                e,
                                attemptStarted);
                retrying = true;
                consumer.pause(consumer.assignment());
                // Polling paused partitions fetches nothing but keeps this member in the group.
                consumer.poll(backoff.nextDelay());
            }
        }
    }

    /** Whether the broker failed (publishing dead letters, committing) rather than the handler's store. */
    private static boolean isKafkas(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KafkaException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            if (t instanceof java.sql.SQLException) {
                return false;
            }
        }
        return false;
    }

    private void commit(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (consumer.assignment().contains(tp)) {
                offsets.merge(tp, new OffsetAndMetadata(r.offset() + 1), (a, b) -> a.offset() >= b.offset() ? a : b);
            }
        }
        try {
            // Bounded like a session, not by the client's 60 s default: a commit caught by a
            // broker outage then reports the outage within seconds (the batch is retried, and its
            // handlers are idempotent).
            consumer.commitSync(offsets, KafkaClients.SESSION_TIMEOUT);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            // The partitions moved to another member, which will see these messages again; the
            // handlers are idempotent, so that costs time, not correctness.
            log.info("{}: offsets not committed after a rebalance ({}); the new owner redoes them", name, e.toString());
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> toList(ConsumerRecords<byte[], byte[]> records) {
        List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>(records.count());
        records.forEach(list::add);
        return list;
    }

    /** Partitions given to us while a batch is being retried stay paused until it is done. */
    private final class PauseWhileRetrying implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!assigned && !partitions.isEmpty()) {
                assigned = true;
                if (waitLogged) {
                    log.info(
                            "{}: partitions given after {} s; consuming",
                            name,
                            Math.round((System.nanoTime() - subscribedAt) / 1e9));
                }
            }
            if (retrying) {
                consumer.pause(partitions);
            }
        }
    }

    /**
     * Readiness: down once this member's thread has ended without {@link #close()} (the service
     * would look alive and consume nothing) and while its polls keep failing.
     */
    public Health.Status health() {
        if (started && finished.getCount() == 0 && !stopped) {
            return Health.Status.down(name + ": its Kafka consumer has stopped (the log's ERROR line says why);"
                    + " nothing more is consumed until the service is restarted");
        }
        String error = pollError;
        return error == null
                ? Health.Status.ok()
                : Health.Status.down(name + ": polls of Kafka fail (" + error
                        + "); it polls again with backoff and skips nothing; the log's ERROR line says more");
    }

    /** Messages handled and committed since start. */
    public long handledCount() {
        return handled.get();
    }

    /** Polls that failed in a way the client does not retry by itself (each one logged), since start. */
    public long failedPollCount() {
        return failures.get();
    }

    public long deadLetterCount() {
        return deadLetters.count();
    }

    public String name() {
        return name;
    }

    /** Stops after the batch in hand; returns once the consumer has left its group. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            stopped = true;
            if (!started) {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
                return;
            }
        }
        consumer.wakeup();
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
