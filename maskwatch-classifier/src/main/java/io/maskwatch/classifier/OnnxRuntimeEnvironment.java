package io.maskwatch.classifier;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;

/**
 * The process's ONNX Runtime environment, as every model MaskWatch loads gets it: with ONNX
 * Runtime's telemetry turned off.
 *
 * <p>ONNX Runtime 1.29 on Linux starts Microsoft's telemetry when its environment is created: it
 * writes {@code .ses} and {@code mat-debug-<pid>.log} into {@code $TMPDIR} (else /tmp), a device
 * id and an event database into {@code $XDG_CACHE_HOME} (else ~/.cache) {@code
 * /Microsoft/DeveloperTools/.onnxruntime}, and carries an uploader for its events. Turning
 * telemetry off here, right after the environment exists and before any model is loaded, stops
 * the events ONNX Runtime records from then on (a session created, a model run). It does not undo
 * what creating the environment did: those files are written already, and this is the first
 * moment Java can reach the environment (the logging level, the name and the threading options of
 * {@code OrtEnvironment.getEnvironment(...)} change none of it, and no system property of ONNX
 * Runtime's does). Only the environment variable {@code ORT_DISABLE_TELEMETRY=1}, present when
 * the process starts, keeps telemetry from starting at all: MaskWatch's launchers and systemd
 * units set it. (Java 17 cannot set an environment variable of its own process; calling libc's
 * setenv would take the incubating foreign-function API or a native library of our own.)
 */
public final class OnnxRuntimeEnvironment {
    private static OrtEnvironment environment;

    private OnnxRuntimeEnvironment() {}

    /** The environment, created on first use with telemetry turned off at once. */
    public static synchronized OrtEnvironment get() {
        if (environment == null) {
            OrtEnvironment created = OrtEnvironment.getEnvironment();
            try {
                created.setTelemetry(false);
            } catch (OrtException e) {
                throw new IllegalStateException(
                        "ONNX Runtime could not turn its telemetry off (" + e.getMessage()
                                + "); set ORT_DISABLE_TELEMETRY=1 in the environment, as bin/maskwatch does",
                        e);
            }
            environment = created;
        }
        return environment;
    }
}
