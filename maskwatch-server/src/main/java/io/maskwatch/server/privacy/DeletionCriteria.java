package io.maskwatch.server.privacy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which alerts to delete: these ids, or those of a device, a source and a range of event times
 * ({@code from} included, {@code to} not), all given conditions together. At least one must be
 * given: "every alert" is never a deletion by accident.
 */
public record DeletionCriteria(
        List<Long> ids,
        Optional<String> device,
        Optional<String> source,
        Optional<Instant> from,
        Optional<Instant> to) {

    public DeletionCriteria {
        ids = List.copyOf(ids);
        if (ids.isEmpty() && device.isEmpty() && source.isEmpty() && from.isEmpty() && to.isEmpty()) {
            throw new IllegalArgumentException("no alert named: give ids, or a device, a source or a time range");
        }
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new IllegalArgumentException(
                    "the time range is empty: from " + from.get() + " is not before to " + to.get());
        }
    }

    public static DeletionCriteria ids(List<Long> ids) {
        return new DeletionCriteria(ids, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Every alert seen before {@code instant}: what retention deletes. */
    public static DeletionCriteria seenBefore(Instant instant) {
        return new DeletionCriteria(
                List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(instant));
    }

    /** The SQL condition on {@code alert a}, with {@link #arguments()} in order. */
    String where() {
        List<String> conditions = new ArrayList<>();
        if (!ids.isEmpty()) {
            conditions.add("a.id = ANY (?)");
        }
        device.ifPresent(d -> conditions.add("a.device_id = ?"));
        source.ifPresent(s -> conditions.add("a.source = ?"));
        from.ifPresent(t -> conditions.add("a.event_time >= ?"));
        to.ifPresent(t -> conditions.add("a.event_time < ?"));
        return String.join(" AND ", conditions);
    }

    /** The values of {@link #where()}'s parameters; the ids as a Long array, for {@code ANY}. */
    List<Object> arguments() {
        List<Object> args = new ArrayList<>();
        if (!ids.isEmpty()) {
            args.add(ids.toArray(new Long[0]));
        }
        device.ifPresent(args::add);
        source.ifPresent(args::add);
        from.ifPresent(t -> args.add(Timestamp.from(t)));
        to.ifPresent(t -> args.add(Timestamp.from(t)));
        return args;
    }

    /** The criteria as the audit record keeps them: only those given. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!ids.isEmpty()) {
            out.put("ids", ids);
        }
        device.ifPresent(d -> out.put("device", d));
        source.ifPresent(s -> out.put("source", s));
        from.ifPresent(t -> out.put("from", t.toString()));
        to.ifPresent(t -> out.put("to", t.toString()));
        return out;
    }
}
