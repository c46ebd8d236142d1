package io.maskwatch.server.notify;

import io.maskwatch.server.kafka.BatchConsumerLoop;
import io.maskwatch.server.kafka.DeadLetters.Letter;
import io.maskwatch.server.kafka.NotifyIds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The notifier's work on one batch from the notify topic: alert ids become pending deliveries
 * in the database (idempotent: a repeated id changes nothing), then the worker is woken.
 * Values that are not an id, and ids not in the archive, become dead letters.
 */
final class NotifyHandler implements BatchConsumerLoop.Handler {
    private final DeliveryPlanner planner;
    private final Runnable wakeWorker;

    NotifyHandler(DeliveryPlanner planner, Runnable wakeWorker) {
        this.planner = planner;
        this.wakeWorker = wakeWorker;
    }

    @Override
    public List<Letter> handle(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        List<Letter> letters = new ArrayList<>();
        Map<Long, ConsumerRecord<byte[], byte[]>> byId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
                byId.putIfAbsent(NotifyIds.decode(r.value()), r);
            } catch (IllegalArgumentException e) {
                letters.add(new Letter(r, e.getMessage()));
            }
        }
        for (long missing : planner.plan(new ArrayList<>(byId.keySet()))) {
            letters.add(new Letter(byId.get(missing), "alert " + missing + " is not in the archive"));
        }
        wakeWorker.run();
        return letters;
    }
}
