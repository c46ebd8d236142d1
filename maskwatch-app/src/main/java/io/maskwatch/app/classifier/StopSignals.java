package io.maskwatch.app.classifier;

import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM as a request to stop, not as the end of the JVM: the first one
 * runs an action (finish up and return normally), the second one quits at once, exit code 130.
 *
 * <p>A shutdown hook cannot do this for training: once the JVM shuts down, ONNX Runtime has
 * closed its environment and the model can no longer be evaluated and written.
 * {@code sun.misc.Signal} is the JDK's supported-though-internal way to handle signals.
 */
final class StopSignals {
    private StopSignals() {}

    static void onFirst(Runnable stop) {
        AtomicBoolean stopping = new AtomicBoolean();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    if (stopping.compareAndSet(false, true)) {
                        stop.run();
                    } else {
                        System.err.println("stopped without writing the model");
                        Runtime.getRuntime().halt(130);
                    }
                });
            } catch (IllegalArgumentException unsupported) {
                // signal not available on this platform (or ignored by the parent): default handling
            }
        }
    }
}
