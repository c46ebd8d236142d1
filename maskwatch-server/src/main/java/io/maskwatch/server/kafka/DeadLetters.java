package io.maskwatch.server.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets aside messages a service cannot handle: the original key and value go to the dead-letter
 * topic with the reason and the origin in headers ({@code maskwatch.dlq.reason}, {@code
 * .topic}, {@code .partition}, {@code .offset}, {@code .service}), and the service carries on.
 */
public final class DeadLetters {
    public static final String REASON = "maskwatch.dlq.reason";
    public static final String TOPIC = "maskwatch.dlq.topic";
    public static final String PARTITION = "maskwatch.dlq.partition";
    public static final String OFFSET = "maskwatch.dlq.offset";
    public static final String SERVICE = "maskwatch.dlq.service";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    /** A message and why it is set aside. */
    public record Letter(ConsumerRecord<byte[], byte[]> record, String reason) {}

    private final Producer<byte[], byte[]> producer;
    private final String deadLetterTopic;
    private final String service;
    private long count;

    public DeadLetters(Producer<byte[], byte[]> producer, String deadLetterTopic, String service) {
        this.producer = producer;
        this.deadLetterTopic = deadLetterTopic;
        this.service = service;
    }

    /** Publishes the letters and waits for the broker; throws when Kafka did not take them (retry later). */
    public void sendAll(List<Letter> letters) throws ExecutionException, InterruptedException {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Letter letter : letters) {
            ConsumerRecord<byte[], byte[]> r = letter.record();
            RecordHeaders headers = new RecordHeaders(r.headers().toArray());
            headers.add(REASON, utf8(letter.reason()));
            headers.add(TOPIC, utf8(r.topic()));
            headers.add(PARTITION, utf8(Integer.toString(r.partition())));
            headers.add(OFFSET, utf8(Long.toString(r.offset())));
            headers.add(SERVICE, utf8(service));
            sent.add(producer.send(new ProducerRecord<>(deadLetterTopic, null, r.key(), r.value(), headers)));
        }
        for (Future<RecordMetadata> future : sent) {
            future.get();
        }
        for (Letter letter : letters) {
            count++;
            log.warn(
                    "Set aside {}-{}@{} on {}: {} ({} so far)",
                    letter.record().topic(),
                    letter.record().partition(),
                    letter.record().offset(),
                    deadLetterTopic,
                    letter.reason(),
                    count);
        }
    }

    public long count() {
        return count;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
