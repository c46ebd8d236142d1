package io.maskwatch.edge.dispatch;

import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.StoredEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The store's events as {@code Alert} messages keyed by the device id each was stored with, in
 * row order. Marked {@code sent = 1} once acknowledged; a refused one {@code sent = -1}.
 */
final class EventOutbox implements Outbox<StoredEvent> {
    private final EventStore store;
    private final String topic;
    private final AlertEncoder encoder;
    private final DispatchListener listener;
    private final AtomicLong published = new AtomicLong();

    EventOutbox(EventStore store, String topic, AlertEncoder encoder, DispatchListener listener) {
        this.store = store;
        this.topic = topic;
        this.encoder = encoder;
        this.listener = listener;
    }

    @Override
    public String what() {
        return "events";
    }

    @Override
    public String topicKey() {
        return "topics.alerts";
    }

    @Override
    public List<StoredEvent> unsent(int limit) {
        return store.unsent(limit);
    }

    @Override
    public ProducerRecord<String, byte[]> record(StoredEvent stored) {
        return new ProducerRecord<>(
                topic, stored.origin().device().guid(), encoder.encode(stored).toByteArray());
    }

    @Override
    public void mark(List<StoredEvent> acknowledged, List<StoredEvent> refused) {
        store.markSent(rowIds(acknowledged));
        store.markRejected(rowIds(refused));
    }

    @Override
    public long waiting() {
        return store.countUnsent();
    }

    @Override
    public String describe(StoredEvent stored) {
        return "Event " + stored.event().eventId() + " (row " + stored.rowId() + ")";
    }

    @Override
    public String whatIsDoneWithARefusedRow() {
        return "it is set aside in the store with sent = -1. Raise max.request.size / the topic's"
                + " max.message.bytes, or send smaller face crops.";
    }

    @Override
    public void acknowledged(List<StoredEvent> rows) {
        listener.acknowledged(rows);
    }

    @Override
    public void marked(List<StoredEvent> rows) {
        published.addAndGet(rows.size());
        listener.markedSent(rows);
    }

    /** Events acknowledged and marked sent since start. */
    long published() {
        return published.get();
    }

    private static List<Long> rowIds(List<StoredEvent> events) {
        return events.stream().map(StoredEvent::rowId).toList();
    }
}
