package io.maskwatch.edge.store;

import java.nio.file.Path;

/** Run in a child JVM by {@link EventStoreCrashTest}: appends events until the test kills it. */
public final class AppendUntilKilled {
    private AppendUntilKilled() {}

    public static void main(String[] args) {
        try (EventStore store = EventStore.open(Path.of(args[0]))) {
            for (int i = 0; ; i++) {
                store.append(TestEvents.event(i, 20_000 + (i % 7) * 3_000), TestEvents.ORIGIN);
                store.addCompliance("cam-0", java.time.Instant.now(), 1, 1);
                if (i == 20) {
                    System.out.println("appending");
                    System.out.flush();
                }
            }
        }
    }
}
