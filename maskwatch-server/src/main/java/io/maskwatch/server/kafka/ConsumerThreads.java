package io.maskwatch.server.kafka;

import io.maskwatch.core.ops.Health;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;

/**
 * A service's consumer-group members, each on its own thread, and the one producer their dead
 * letters (and whatever else the service publishes) go through: it is thread-safe and batches their
 * messages together. Started together, closed together: the members leave their group first, then
 * the producer sends what it still holds.
 */
public final class ConsumerThreads implements AutoCloseable {
    private final Producer<byte[], byte[]> producer;
    private final List<BatchConsumerLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    public ConsumerThreads(Producer<byte[], byte[]> producer) {
        this.producer = producer;
    }

    public Producer<byte[], byte[]> producer() {
        return producer;
    }

    /** A member, to run on a thread named {@code threadName} once {@link #start()} is called. */
    public void add(BatchConsumerLoop loop, String threadName) {
        loops.add(loop);
        threads.add(new Thread(loop, threadName));
    }

    public void start() {
        threads.forEach(Thread::start);
    }

    /** Messages the members set aside on their dead-letter topics since start. */
    public long deadLetterCount() {
        return loops.stream().mapToLong(BatchConsumerLoop::deadLetterCount).sum();
    }

    /** Polls of the members that failed and were tried again (each one logged), since start. */
    public long failedPollCount() {
        return loops.stream().mapToLong(BatchConsumerLoop::failedPollCount).sum();
    }

    /** Readiness: the first member that has stopped or whose polls fail, else up. */
    public Health.Status health() {
        return loops.stream()
                .map(BatchConsumerLoop::health)
                .filter(status -> !status.up())
                .findFirst()
                .orElse(Health.Status.ok());
    }

    @Override
    public void close() {
        loops.forEach(BatchConsumerLoop::close);
        producer.close(Duration.ofSeconds(5));
    }
}
