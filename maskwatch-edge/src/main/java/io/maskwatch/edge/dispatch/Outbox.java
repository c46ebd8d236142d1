package io.maskwatch.edge.dispatch;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One kind of row the dispatcher relays from the store to its topic, at least once: read what is
 * unsent, publish it, and mark it in the store only after the broker acknowledged it.
 *
 * @param <T> a row as the store hands it out
 */
interface Outbox<T> {
    /** What the rows are, for log lines: "events", "compliance counts". */
    String what();

    /** The configuration key naming the topic, for an error about it: "topics.alerts". */
    String topicKey();

    /** Up to {@code limit} rows to send, in the order they must go. */
    List<T> unsent(int limit);

    /** The row as a message. */
    ProducerRecord<String, byte[]> record(T row);

    /** Marks in the store the rows the broker acknowledged, and those it refused for good. */
    void mark(List<T> acknowledged, List<T> refused);

    /** How many rows wait, for the outage line. */
    long waiting();

    /** One row, for a log line: "Event 5f0c... (row 12)". */
    String describe(T row);

    /** What became of a row the broker refused for good, and what to do about it. */
    String whatIsDoneWithARefusedRow();

    /** The broker acknowledged these rows; they are not marked yet. */
    default void acknowledged(List<T> rows) {}

    /** These rows are marked in the store. */
    default void marked(List<T> rows) {}
}
