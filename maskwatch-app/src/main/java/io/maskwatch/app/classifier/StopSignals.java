package io.maskwatch.app.classifier;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

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

    /** Installs the handlers; closing puts the previous handling back. */
    static AutoCloseable onFirst(Runnable stop) {
        AtomicBoolean stopping = new AtomicBoolean();
        Map<Signal, SignalHandler> previous = new HashMap<>();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal signal = new Signal(name);
                previous.put(signal, Signal.handle(signal, s -> {
                    if (stopping.compareAndSet(false, true)) {
                        stop.run();
                    } else {
                        System.err.println("stopped without writing the model");
                        Runtime.getRuntime().halt(130);
                    }
                }));
            } catch (IllegalArgumentException unsupported) {
                // signal not available on this platform (or ignored by the parent): default handling
            }
        }
        return () -> previous.forEach(Signal::handle);
    }
}
