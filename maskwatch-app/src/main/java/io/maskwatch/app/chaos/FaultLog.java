package io.maskwatch.app.chaos;

import java.util.Map;
import java.util.TreeMap;

/** How many faults of each kind were made. */
final class FaultLog {
    private final Map<String, Integer> counts = new TreeMap<>();

    void count(String name) {
        counts.merge(name, 1, Integer::sum);
    }

    @Override
    public String toString() {
        return counts.toString();
    }
}
