package io.maskwatch.server.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Tells the notifier about stored alerts: one message per alert id on the notify topic. */
public final class NotifyPublisher {
    private final Producer<byte[], byte[]> producer;
    private final String topic;

    public NotifyPublisher(Producer<byte[], byte[]> producer, String topic) {
        this.producer = producer;
        this.topic = topic;
    }

    /** Publishes and waits for the broker; throws when it did not take them all. */
    public void publish(List<Long> alertIds) throws ExecutionException, InterruptedException {
        List<Future<RecordMetadata>> sent = new ArrayList<>(alertIds.size());
        for (long id : alertIds) {
            sent.add(producer.send(new ProducerRecord<>(topic, NotifyIds.encode(id))));
        }
        for (Future<RecordMetadata> future : sent) {
            future.get();
        }
    }
}
