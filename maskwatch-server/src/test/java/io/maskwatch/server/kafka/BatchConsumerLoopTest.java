package io.maskwatch.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.testing.TestProducer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A poll that throws must not end a consumer-group member: its thread would be gone while the
 * service looks alive, and nothing would be consumed again. The worst moment is a poll made while
 * a batch is held for a retry (the batch was fetched but not committed): after it, the member must
 * go back to the committed offsets and take the batch again.
 */
@Timeout(120)
class BatchConsumerLoopTest {
    @Test
    void aPollThatThrowsDuringARetryCostsNoMessageAndTheMemberGoesOn() throws Exception {
        String topic = TestInfra.newTopics().alerts();
        AtomicBoolean handlerFailedOnce = new AtomicBoolean();
        AtomicBoolean pollThrown = new AtomicBoolean();
        Set<String> handled = new ConcurrentSkipListSet<>();
        KafkaClients clients = TestInfra.kafkaClients();
        Consumer<byte[], byte[]> consumer = throwingOnceDuringARetry(
                clients.consumer("poll-failure-" + topic, "test", 100), handlerFailedOnce, pollThrown);
        KafkaProducer<byte[], byte[]> dlqProducer = clients.producer("poll-failure-dlq");
        BatchConsumerLoop.Handler handler = records -> {
            if (handlerFailedOnce.compareAndSet(false, true)) {
                throw new SQLException("the database is away (made by the test)");
            }
            records.forEach(r -> handled.add(new String(r.value(), StandardCharsets.UTF_8)));
            return List.of();
        };
        try (TestProducer producer = new TestProducer();
                BatchConsumerLoop loop = loop("poll-failure", consumer, topic, handler, dlqProducer)) {
            for (int i = 0; i < 5; i++) {
                producer.send(topic, null, ("m" + i).getBytes(StandardCharsets.UTF_8));
            }
            producer.flush();
            Thread thread = new Thread(loop, "poll-failure");
            thread.start();

            await().atMost(Duration.ofSeconds(60)).until(() -> handled.size() == 5);
            assertThat(pollThrown).as("the poll during the retry threw").isTrue();
            assertThat(loop.failedPollCount()).isEqualTo(1);
            assertThat(thread.isAlive()).isTrue();

            // And it goes on consuming what comes next.
            producer.send(topic, null, "after".getBytes(StandardCharsets.UTF_8));
            producer.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("after"));
        } finally {
            dlqProducer.close();
        }
    }

    @Test
    void aMemberStoppedByAFatalErrorMakesTheServiceNotReadyAndAClosedOneDoesNot() throws Exception {
        String topic = TestInfra.newTopics().alerts();
        Set<String> handled = new ConcurrentSkipListSet<>();
        KafkaClients clients = TestInfra.kafkaClients();
        KafkaProducer<byte[], byte[]> dlqProducer = clients.producer("fatal-dlq");
        BatchConsumerLoop.Handler handler = records -> {
            for (var r : records) {
                String value = new String(r.value(), StandardCharsets.UTF_8);
                if (value.equals("fatal")) {
                    throw new StackOverflowError("a handler that recursed without end (made by the test)");
                }
                handled.add(value);
            }
            return List.of();
        };
        try (TestProducer producer = new TestProducer();
                BatchConsumerLoop loop =
                        loop("fatal", clients.consumer("fatal-" + topic, "test", 100), topic, handler, dlqProducer)) {
            Thread thread = new Thread(loop, "fatal");
            thread.setUncaughtExceptionHandler((t, e) -> {}); // the loop logs it; keep the test's output clean
            thread.start();
            producer.send(topic, null, "ok".getBytes(StandardCharsets.UTF_8));
            producer.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> handled.contains("ok"));
            assertThat(loop.health().up()).as("consuming").isTrue();

            producer.send(topic, null, "fatal".getBytes(StandardCharsets.UTF_8));
            producer.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> !thread.isAlive());
            assertThat(loop.health().up()).isFalse();
            assertThat(loop.health().reason()).startsWith("fatal: its Kafka consumer has stopped");
        } finally {
            dlqProducer.close();
        }
    }

    @Test
    void aMemberClosedOnPurposeStaysReady() throws Exception {
        String topic = TestInfra.newTopics().alerts();
        Set<String> handled = new ConcurrentSkipListSet<>();
        KafkaClients clients = TestInfra.kafkaClients();
        KafkaProducer<byte[], byte[]> dlqProducer = clients.producer("closed-dlq");
        BatchConsumerLoop loop = loop(
                "closed",
                clients.consumer("closed-" + topic, "test", 100),
                topic,
                records -> {
                    records.forEach(r -> handled.add(new String(r.value(), StandardCharsets.UTF_8)));
                    return List.of();
                },
                dlqProducer);
        try (TestProducer producer = new TestProducer()) {
            Thread thread = new Thread(loop, "closed");
            thread.start();
            producer.send(topic, null, "ok".getBytes(StandardCharsets.UTF_8));
            producer.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> handled.contains("ok"));

            loop.close();
            thread.join(Duration.ofSeconds(10).toMillis());
            assertThat(thread.isAlive()).isFalse();
            assertThat(loop.health().up()).isTrue();
        } finally {
            dlqProducer.close();
        }
    }

    @Test
    void aMemberClosedBeforeItsThreadRanNeverTouchesTheConsumerAgain() throws Exception {
        KafkaClients clients = TestInfra.kafkaClients();
        KafkaProducer<byte[], byte[]> dlqProducer = clients.producer("early-dlq");
        String topic = TestInfra.newTopics().alerts();
        try {
            // Many tries, as a shutdown during start-up would: close and the thread's start race.
            for (int i = 0; i < 20; i++) {
                BatchConsumerLoop loop = loop(
                        "early",
                        clients.consumer("early-" + topic, "test", 100),
                        topic,
                        records -> List.of(),
                        dlqProducer);
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Thread thread = new Thread(loop, "early-" + i);
                thread.setUncaughtExceptionHandler((t, e) -> failure.set(e));
                thread.start();
                loop.close();
                thread.join(Duration.ofSeconds(10).toMillis());
                assertThat(thread.isAlive()).isFalse();
                assertThat(failure.get()).as("the loop's thread").isNull();
                assertThat(loop.health().up()).isTrue();
            }
        } finally {
            dlqProducer.close();
        }
    }

    /** A member of its own group on {@code topic}, its dead letters on {@code topic.dlq}. */
    private static BatchConsumerLoop loop(
            String name,
            Consumer<byte[], byte[]> consumer,
            String topic,
            BatchConsumerLoop.Handler handler,
            KafkaProducer<byte[], byte[]> dlqProducer) {
        return new BatchConsumerLoop(
                name,
                consumer,
                List.of(topic),
                handler,
                new DeadLetters(dlqProducer, topic + ".dlq", "test"),
                "Kafka (test)",
                "the database (test)");
    }

    /**
     * The real consumer, except that the first poll after the handler failed throws, as the Kafka
     * client does for errors it does not retry by itself.
     */
    @SuppressWarnings("unchecked")
    private static Consumer<byte[], byte[]> throwingOnceDuringARetry(
            Consumer<byte[], byte[]> real, AtomicBoolean handlerFailed, AtomicBoolean thrown) {
        return (Consumer<byte[], byte[]>) Proxy.newProxyInstance(
                BatchConsumerLoopTest.class.getClassLoader(),
                new Class<?>[] {Consumer.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("poll") && handlerFailed.get() && thrown.compareAndSet(false, true)) {
                        throw new KafkaException("an error the client does not retry (made by the test)");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
