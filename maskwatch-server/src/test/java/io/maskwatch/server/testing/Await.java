package io.maskwatch.server.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that a concurrent service makes true. */
public final class Await {
    private Await() {}

    public static boolean until(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
