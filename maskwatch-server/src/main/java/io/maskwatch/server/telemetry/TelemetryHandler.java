package io.maskwatch.server.telemetry;

import io.maskwatch.server.db.SqlFailures;
import io.maskwatch.server.kafka.BatchConsumerLoop;
import io.maskwatch.server.kafka.DeadLetters.Letter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The work on one batch from a telemetry topic: decode each message, then keep the batch in one
 * transaction. Messages that cannot be decoded, or that PostgreSQL refuses, come back as dead
 * letters; the rest of the batch is kept. Idempotent, as the consumer loop requires: the archives
 * upsert, so a batch handled again changes nothing.
 *
 * @param <T> a checked message
 */
final class TelemetryHandler<T> implements BatchConsumerLoop.Handler {
    interface Decoder<T> {
        T decode(byte[] value) throws InvalidTelemetryException;
    }

    interface Archive<T> {
        void store(List<T> items) throws SQLException;
    }

    private record Decoded<T>(ConsumerRecord<byte[], byte[]> record, T item) {}

    private final Decoder<T> decoder;
    private final Archive<T> archive;
    private final AtomicLong stored = new AtomicLong();

    TelemetryHandler(Decoder<T> decoder, Archive<T> archive) {
        this.decoder = decoder;
        this.archive = archive;
    }

    @Override
    public List<Letter> handle(List<ConsumerRecord<byte[], byte[]>> records) throws SQLException {
        List<Letter> letters = new ArrayList<>();
        List<Decoded<T>> decoded = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
                decoded.add(new Decoded<>(r, decoder.decode(r.value())));
            } catch (InvalidTelemetryException e) {
                letters.add(new Letter(r, e.getMessage()));
            }
        }
        if (!decoded.isEmpty()) {
            storeOrSetAside(decoded, letters);
        }
        return letters;
    }

    /**
     * The whole batch at once. If PostgreSQL refuses it for its content (not because it is away),
     * each message is tried alone to find the ones it refuses; those become dead letters.
     */
    private void storeOrSetAside(List<Decoded<T>> decoded, List<Letter> letters) throws SQLException {
        try {
            store(decoded);
            return;
        } catch (SQLException e) {
            if (SqlFailures.isTransient(e)) {
                throw e;
            }
        }
        for (Decoded<T> d : decoded) {
            try {
                store(List.of(d));
            } catch (SQLException e) {
                if (SqlFailures.isTransient(e)) {
                    throw e;
                }
                letters.add(new Letter(d.record(), "refused by PostgreSQL: " + e.getMessage()));
            }
        }
    }

    private void store(List<Decoded<T>> decoded) throws SQLException {
        archive.store(decoded.stream().map(Decoded::item).toList());
        stored.addAndGet(decoded.size());
    }

    /** Messages kept (copies of what was kept already included) since start. */
    long storedCount() {
        return stored.get();
    }
}
