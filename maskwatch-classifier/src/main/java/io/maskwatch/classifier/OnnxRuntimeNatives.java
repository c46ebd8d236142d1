package io.maskwatch.classifier;

import ai.onnxruntime.OrtEnvironment;
import io.maskwatch.core.CacheDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONNX Runtime's native libraries, copied out of its jar once into MaskWatch's cache. Left to
 * itself, ONNX Runtime copies its 28 MB of libraries into a new temporary directory at every start
 * and leaves that directory behind, so each {@code maskwatch} command added one to /tmp. With the
 * libraries in the cache it loads them from there ({@code onnxruntime.native.path}).
 */
public final class OnnxRuntimeNatives {
    private static final Logger log = LoggerFactory.getLogger(OnnxRuntimeNatives.class);

    /** ONNX Runtime's own system property for a folder holding its libraries. */
    static final String NATIVE_PATH_PROPERTY = "onnxruntime.native.path";

    static final List<String> LIBRARIES = List.of("onnxruntime", "onnxruntime4j_jni");

    /**
     * The GPU build's provider libraries (onnxruntime_gpu, {@code -Pgpu}), copied beside the others when
     * the jar has them: ONNX Runtime loads a provider from the folder of its own library.
     */
    static final List<String> PROVIDERS = List.of("onnxruntime_providers_shared", "onnxruntime_providers_cuda");

    private OnnxRuntimeNatives() {}

    /**
     * Points ONNX Runtime at the cached libraries, copying them there first if needed. Must run
     * before ONNX Runtime is first used. Anything in the way (a read-only home, a platform whose
     * libraries are not in the jar, the property already set) leaves ONNX Runtime to its default.
     */
    public static void useCache() {
        if (System.getProperty(NATIVE_PATH_PROPERTY) != null) {
            return;
        }
        String version = OrtEnvironment.class.getPackage().getImplementationVersion();
        // The GPU build has libraries of the same names but other contents: a folder of its own.
        String variant = bundled("onnxruntime_providers_cuda") != null ? "onnxruntime-gpu-" : "onnxruntime-";
        Path dir = CacheDirectory.root().resolve("native").resolve(variant + (version == null ? "dev" : version));
        extractTo(dir).ifPresent(folder -> System.setProperty(NATIVE_PATH_PROPERTY, folder.toString()));
    }

    /**
     * Copies the libraries of this platform into {@code dir} unless they are there already (same
     * size); the folder when both are in place, empty when they could not be.
     */
    static Optional<Path> extractTo(Path dir) {
        try {
            for (String library : LIBRARIES) {
                String fileName = fileName(library);
                URL resource = bundled(library);
                if (resource == null) {
                    log.debug("no bundled {} for {}: ONNX Runtime loads its libraries itself", fileName, platform());
                    return Optional.empty();
                }
                copyIfMissing(resource, dir.resolve(fileName));
            }
            for (String provider : PROVIDERS) {
                URL resource = bundled(provider);
                if (resource != null) {
                    copyIfMissing(resource, dir.resolve(fileName(provider)));
                }
            }
            return Optional.of(dir);
        } catch (IOException | RuntimeException e) {
            log.debug("ONNX Runtime libraries not cached in {} ({}): loaded from a temporary copy", dir, e.toString());
            return Optional.empty();
        }
    }

    private static String fileName(String library) {
        return System.mapLibraryName(library).replace("jnilib", "dylib");
    }

    /** The library in ONNX Runtime's jar for this platform, or null. */
    private static URL bundled(String library) {
        return OrtEnvironment.class.getResource("/ai/onnxruntime/native/" + platform() + "/" + fileName(library));
    }

    private static void copyIfMissing(URL resource, Path target) throws IOException {
        URLConnection connection = resource.openConnection();
        long size = connection.getContentLengthLong();
        if (Files.isRegularFile(target) && Files.size(target) == size) {
            return;
        }
        Files.createDirectories(target.getParent());
        // Written beside the target and moved into place, so another process starting at the same
        // moment never loads a half-written library.
        Path part =
                Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try (InputStream in = connection.getInputStream()) {
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** ONNX Runtime's name for this platform's folder in its jar, e.g. linux-x64. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String osName = os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win" : "linux";
        String archName = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch;
        return osName + "-" + archName;
    }
}
