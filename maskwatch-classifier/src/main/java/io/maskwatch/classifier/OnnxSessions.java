package io.maskwatch.classifier;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtEpDevice;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtHardwareDevice;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens ONNX Runtime sessions for MaskWatch's models (the mask classifier, YuNet) the one way:
 * in the telemetry-free environment ({@link OnnxRuntimeEnvironment}), all graph optimisations on,
 * on the execution provider the configuration asks for. When that is {@code cuda} and this ONNX
 * Runtime cannot run it (the CPU build MaskWatch ships, no GPU, CUDA libraries missing), the model
 * runs on the CPU and one line says so and why; it never fails for that.
 */
public final class OnnxSessions {
    private static final Logger log = LoggerFactory.getLogger(OnnxSessions.class);

    /** Fallback lines said already (one per key and reason in a process, not one per session). */
    private static final Set<String> told = ConcurrentHashMap.newKeySet();

    /**
     * Why the CUDA provider could not be added, once it failed: the library will not load for a
     * later session either, and each attempt has ONNX Runtime print an error of its own.
     */
    private static volatile String cudaFailure;

    /** How ONNX Runtime opens the model: from its file or from bytes. */
    @FunctionalInterface
    public interface Model {
        OrtSession open(OrtEnvironment env, OrtSession.SessionOptions options) throws OrtException;
    }

    /** A session and what it runs on. */
    public record Opened(OrtSession session, ProviderChoice provider) {}

    private OnnxSessions() {}

    /**
     * @param threads intra-op threads (0: ONNX Runtime's default, one per core)
     * @param key the configuration key that chose {@code asked}, named in the fallback line
     * @throws OrtException when the model cannot be loaded even on the CPU
     */
    public static Opened open(Model model, int threads, InferenceProvider asked, String key) throws OrtException {
        OrtEnvironment env = OnnxRuntimeEnvironment.get();
        String reason = null;
        if (asked == InferenceProvider.CUDA) {
            if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                reason = "this ONNX Runtime has no CUDA provider (the GPU variant is built with -Pgpu)";
            } else if (cudaFailure != null) {
                reason = cudaFailure;
            } else {
                try (OrtSession.SessionOptions options = options(threads)) {
                    addCuda(options);
                    return opened(model.open(env, options), asked, InferenceProvider.CUDA, key, null);
                } catch (OrtException e) {
                    reason = cudaFailure != null
                            ? cudaFailure
                            : "ONNX Runtime could not open the model with CUDA (" + firstLine(e.getMessage()) + ")";
                }
            }
        }
        try (OrtSession.SessionOptions options = options(threads)) {
            return opened(model.open(env, options), asked, InferenceProvider.CPU, key, reason);
        }
    }

    /** Adds the CUDA provider; when its library does not load, remembers why for the process. */
    private static void addCuda(OrtSession.SessionOptions options) throws OrtException {
        try {
            options.addCUDA();
        } catch (OrtException e) {
            cudaFailure = "ONNX Runtime's CUDA provider did not start (" + firstLine(e.getMessage())
                    + "): no NVIDIA GPU, or the CUDA 12 / cuDNN 9 libraries are not installed";
            throw e;
        }
    }

    private static OrtSession.SessionOptions options(int threads) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (threads > 0) {
            options.setIntraOpNumThreads(threads);
        }
        return options;
    }

    private static Opened opened(
            OrtSession session, InferenceProvider asked, InferenceProvider used, String key, String reason) {
        ProviderChoice choice = new ProviderChoice("onnxruntime", asked, used, device(used), reason);
        if (choice.fellBack() && told.add(key + reason)) {
            log.warn(
                    "{}: provider {} asked for, but {}; running on {}",
                    key,
                    asked.configName(),
                    reason,
                    used.configName());
        }
        return new Opened(session, choice);
    }

    /** The device ONNX Runtime lists for the provider, e.g. {@code CPU AMD}. */
    static String device(InferenceProvider used) {
        String ep = used == InferenceProvider.CUDA ? "CUDAExecutionProvider" : "CPUExecutionProvider";
        try {
            for (OrtEpDevice d : OnnxRuntimeEnvironment.get().getEpDevices()) {
                if (d.getEpName().equals(ep)) {
                    OrtHardwareDevice hardware = d.getDevice();
                    return (hardware.getType() + " " + hardware.getVendor()).trim();
                }
            }
        } catch (OrtException | RuntimeException e) {
            log.debug("ONNX Runtime lists no device for {}: {}", ep, e.toString());
        }
        return used == InferenceProvider.CUDA ? "GPU, CUDA device 0" : "CPU";
    }

    private static String firstLine(String message) {
        return message == null
                ? "no message"
                : message.lines().findFirst().orElse("").trim();
    }
}
