package io.maskwatch.server.ingress;

import io.maskwatch.server.db.SqlFailures;
import io.maskwatch.server.kafka.BatchConsumerLoop;
import io.maskwatch.server.kafka.DeadLetters.Letter;
import io.maskwatch.server.kafka.NotifyPublisher;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingress' work on one batch from the events topic: decode, archive in one transaction,
 * then announce the new alerts on the notify topic. Messages that cannot be decoded, or that
 * PostgreSQL refuses, come back as dead letters.
 *
 * <p>Idempotent, as the consumer loop requires: a batch handled again finds its events already
 * archived and only announces those whose email has not gone out yet (covering a crash between
 * the database commit and the announcement).
 */
final class IngressHandler implements BatchConsumerLoop.Handler {
    private static final Logger log = LoggerFactory.getLogger(IngressHandler.class);
    private final AlertDecoder decoder = new AlertDecoder();
    private final AlertArchive archive;
    private final NotifyPublisher notify;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    IngressHandler(AlertArchive archive, NotifyPublisher notify) {
        this.archive = archive;
        this.notify = notify;
    }

    private record Decoded(ConsumerRecord<byte[], byte[]> record, IncomingAlert alert) {}

    @Override
    public List<Letter> handle(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        long start = System.nanoTime();
        List<Letter> letters = new ArrayList<>();
        List<Decoded> decoded = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
                decoded.add(new Decoded(r, decoder.decode(r.value())));
            } catch (InvalidAlertException e) {
                letters.add(new Letter(r, e.getMessage()));
            }
        }
        long decodedAt = System.nanoTime();
        List<Long> toAnnounce = decoded.isEmpty() ? List.of() : storeOrSetAside(decoded, letters);
        long storedAt = System.nanoTime();
        notify.publish(toAnnounce);
        if (log.isDebugEnabled()) {
            log.debug(
                    "batch of {}: decode {} ms, archive {} ms, announce {} ms",
                    records.size(),
                    (decodedAt - start) / 1_000_000,
                    (storedAt - decodedAt) / 1_000_000,
                    (System.nanoTime() - storedAt) / 1_000_000);
        }
        return letters;
    }

    /**
     * The whole batch in one transaction. If PostgreSQL refuses it for its content (not because it
     * is away), each event is tried alone to find the ones it refuses; those become dead letters.
     */
    private List<Long> storeOrSetAside(List<Decoded> decoded, List<Letter> letters) throws SQLException {
        try {
            return store(decoded.stream().map(Decoded::alert).toList());
        } catch (SQLException e) {
            if (SqlFailures.isTransient(e)) {
                throw e;
            }
        }
        List<Long> ids = new ArrayList<>();
        for (Decoded d : decoded) {
            try {
                ids.addAll(store(List.of(d.alert())));
            } catch (SQLException e) {
                if (SqlFailures.isTransient(e)) {
                    throw e;
                }
                letters.add(new Letter(d.record(), "refused by PostgreSQL: " + e.getMessage()));
            }
        }
        return ids;
    }

    private List<Long> store(List<IncomingAlert> alerts) throws SQLException {
        AlertArchive.Stored result = archive.store(alerts);
        stored.addAndGet(result.newAlertIds().size());
        duplicates.addAndGet(result.duplicates());
        List<Long> ids = new ArrayList<>(result.newAlertIds());
        ids.addAll(result.unnotifiedDuplicateIds());
        return ids;
    }

    long storedCount() {
        return stored.get();
    }

    long duplicateCount() {
        return duplicates.get();
    }
}
