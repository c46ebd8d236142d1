package io.maskwatch.edge.dispatch;

import io.maskwatch.edge.store.ComplianceCount;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.UnsentCount;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The store's per-minute compliance counts as {@code ComplianceCount} messages keyed by the device
 * id, oldest minute first. A minute is marked sent in the revision that was read, so one counted on
 * after it was read goes again with its new numbers; the server keeps one row per minute.
 */
final class CountOutbox implements Outbox<UnsentCount> {
    private final EventStore store;
    private final String topic;
    private final String deviceId;

    CountOutbox(EventStore store, String topic, String deviceId) {
        this.store = store;
        this.topic = topic;
        this.deviceId = deviceId;
    }

    @Override
    public String what() {
        return "compliance counts";
    }

    @Override
    public String topicKey() {
        return "topics.compliance";
    }

    @Override
    public List<UnsentCount> unsent(int limit) {
        return store.unsentCompliance(limit);
    }

    @Override
    public ProducerRecord<String, byte[]> record(UnsentCount row) {
        ComplianceCount count = row.count();
        return new ProducerRecord<>(
                topic,
                deviceId,
                io.maskwatch.wire.proto.ComplianceCount.newBuilder()
                        .setDeviceId(deviceId)
                        .setSource(count.source())
                        .setMinute(count.minute().toString())
                        .setWithMask(count.withMask())
                        .setWithoutMask(count.withoutMask())
                        .build()
                        .toByteArray());
    }

    /** A refused count (it cannot be too large; a broker policy could refuse it) is not offered again either. */
    @Override
    public void mark(List<UnsentCount> acknowledged, List<UnsentCount> refused) {
        List<UnsentCount> done = new ArrayList<>(acknowledged);
        done.addAll(refused);
        store.markComplianceSent(done);
    }

    @Override
    public long waiting() {
        return store.countUnsentCompliance();
    }

    @Override
    public String describe(UnsentCount row) {
        return "The compliance count of " + row.count().source() + " at "
                + row.count().minute();
    }

    @Override
    public String whatIsDoneWithARefusedRow() {
        return "it is marked sent and not offered again. Check the topic's settings on the broker.";
    }
}
