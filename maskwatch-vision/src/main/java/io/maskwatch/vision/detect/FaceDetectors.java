package io.maskwatch.vision.detect;

import io.maskwatch.classifier.InferenceProvider;
import io.maskwatch.vision.config.FaceDetectionConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns {@code models.face_detection} into a detector: finds its files, or falls back to Haar. */
public final class FaceDetectors {
    private static final Logger log = LoggerFactory.getLogger(FaceDetectors.class);
    private static final String SSD_TF = "opencv_face_detector_uint8.pb";
    private static final String SSD_TF_GRAPH = "opencv_face_detector.pbtxt";
    private static final String SSD_CAFFE = "res10_300x300_ssd_iter_140000.caffemodel";
    private static final String SSD_CAFFE_GRAPH = "deploy.prototxt";
    private static final String HAAR_NAME = "haarcascade_frontalface_default.xml";

    public enum Kind {
        YUNET,
        SSD,
        HAAR
    }

    /**
     * A resolved detector.
     *
     * @param file the model file ({@code null}: the cascade bundled with OpenCV)
     * @param graph the SSD's graph file
     * @param fallback true when Haar was chosen because no YuNet file was found
     * @param inference how YuNet is run (the other detectors always run in OpenCV, on the CPU)
     */
    public record Choice(Kind kind, Path file, Path graph, boolean fallback, Inference inference) {
        /** A detector run the default way ({@link Inference#DEFAULT}). */
        public Choice(Kind kind, Path file, Path graph, boolean fallback) {
            this(kind, file, graph, fallback, Inference.DEFAULT);
        }

        public Choice with(Inference how) {
            return new Choice(kind, file, graph, fallback, how);
        }

        /** The same, its runtime using {@code threads} threads ({@code detection.threads}). */
        public Choice withThreads(int threads) {
            return with(new Inference(inference.runtime(), inference.provider(), threads));
        }

        /** True when YuNet runs in ONNX Runtime (the SSD and the cascade always run in OpenCV). */
        public boolean onnxRuntime() {
            return kind == Kind.YUNET && inference.runtime() == FaceDetectionConfig.Runtime.ONNXRUNTIME;
        }

        /** The model's name in events: its file name. */
        public String modelName() {
            return file != null ? file.getFileName().toString() : HAAR_NAME;
        }
    }

    /**
     * How YuNet is run: {@code models.face_detection.runtime} and {@code provider}, with
     * {@code detection.threads} threads.
     */
    public record Inference(FaceDetectionConfig.Runtime runtime, InferenceProvider provider, int threads) {
        public static final Inference DEFAULT =
                new Inference(FaceDetectionConfig.DEFAULT_RUNTIME, InferenceProvider.CPU, 1);
    }

    /** A first-use download must not hold a device's start for long when there is no network. */
    private static final Duration FIRST_USE_TIMEOUT = Duration.ofSeconds(20);

    private FaceDetectors() {}

    public static Choice resolve(FaceDetectionConfig config, ModelDirectories dirs) {
        return resolve(config, dirs, null);
    }

    /**
     * @param firstUse where to download YuNet from when no copy is found, as {@code models pull}
     *     does (checksum verified, into the cache); {@code null}: never download
     */
    public static Choice resolve(FaceDetectionConfig config, ModelDirectories dirs, URI firstUse) {
        return find(config, dirs, firstUse)
                .with(new Inference(config.runtime(), config.provider(), Inference.DEFAULT.threads()));
    }

    private static Choice find(FaceDetectionConfig config, ModelDirectories dirs, URI firstUse) {
        String model = config.model().trim();
        switch (model.toLowerCase(Locale.ROOT)) {
            case "yunet" -> {
                Optional<Path> file = dirs.find(KnownModel.YUNET.fileName());
                if (file.isPresent()) {
                    return new Choice(Kind.YUNET, file.get(), null, false);
                }
                String failure = "no download was asked for (detection.model_url: none)";
                if (firstUse != null) {
                    try {
                        log.info("No YuNet model found in {}; downloading it once from {}", dirs.searched(), firstUse);
                        ModelDownloader.Result result = new ModelDownloader(FIRST_USE_TIMEOUT)
                                .pull(KnownModel.YUNET, firstUse, dirs.cache(), List.of());
                        log.info("YuNet model {}: {}", result.file(), result.how());
                        return new Choice(Kind.YUNET, result.file(), null, false);
                    } catch (RuntimeException e) {
                        failure = "the download from " + firstUse + " failed: " + e.getMessage();
                    }
                }
                log.warn(
                        "\n  ******************************************************************************\n"
                                + "  * No YuNet model ({}) in {}, and {}.\n"
                                + "  * FALLING BACK TO THE HAAR CASCADE: it misses most faces WEARING A MASK and\n"
                                + "  * small faces, so compliance counts will be wrong. Fix: 'maskwatch models pull'\n"
                                + "  * (with a copy of the file: 'maskwatch models pull --from FILE'), or set\n"
                                + "  * models.face_detection.model to the YuNet .onnx file.\n"
                                + "  ******************************************************************************",
                        KnownModel.YUNET.fileName(),
                        dirs.searched(),
                        failure);
                return new Choice(Kind.HAAR, null, null, true);
            }
            case "haar" -> {
                return new Choice(Kind.HAAR, null, null, false);
            }
            case "ssd" -> {
                return findSsd(dirs, config.config());
            }
            default -> {
                return fromFile(Path.of(model), config.config());
            }
        }
    }

    private static Choice findSsd(ModelDirectories dirs, String graph) {
        Optional<Path> tf = dirs.find(SSD_TF);
        if (tf.isPresent()) {
            return fromFile(tf.get(), graph);
        }
        Optional<Path> caffe = dirs.find(SSD_CAFFE);
        if (caffe.isPresent()) {
            return fromFile(caffe.get(), graph);
        }
        throw new DetectorException(
                "models.face_detection.model: ssd: neither " + SSD_TF + " nor " + SSD_CAFFE + " found in "
                        + dirs.searched() + "; put OpenCV's res10 face detector there or set the path to its file");
    }

    private static Choice fromFile(Path file, String graph) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!Files.isRegularFile(file)) {
            throw new DetectorException("models.face_detection.model: file not found: " + file.toAbsolutePath()
                    + "; run 'maskwatch models pull' or set the path (or use yunet, ssd or haar)");
        }
        if (name.endsWith(".onnx")) {
            return new Choice(Kind.YUNET, file, null, false);
        }
        if (name.endsWith(".pb")) {
            return new Choice(Kind.SSD, file, graphOf(file, graph, SSD_TF_GRAPH), false);
        }
        if (name.endsWith(".caffemodel")) {
            return new Choice(Kind.SSD, file, graphOf(file, graph, SSD_CAFFE_GRAPH), false);
        }
        if (name.endsWith(".xml")) {
            return new Choice(Kind.HAAR, file, null, false);
        }
        throw new DetectorException("models.face_detection.model: " + file + " is not a detector MaskWatch can run;"
                + " use yunet (.onnx), ssd (.pb or .caffemodel with its graph) or haar (.xml cascade)");
    }

    private static Path graphOf(Path model, String configured, String usual) {
        if (configured != null) {
            return Path.of(configured);
        }
        Path sibling = model.resolveSibling(usual);
        Path sameStem = model.resolveSibling(model.getFileName().toString().replaceFirst("(_uint8)?\\.pb$", ".pbtxt"));
        return Files.isRegularFile(sibling) || !Files.isRegularFile(sameStem) ? sibling : sameStem;
    }

    /**
     * Loads the chosen detector.
     *
     * @param scale the image is resized by this before detection (1: as it is)
     * @param maxSide the resized image's longer side limit (0: none)
     * @param minFace smallest face of interest in pixels (the cascade's search floor)
     */
    public static FaceDetector create(Choice choice, double threshold, double scale, int maxSide, int minFace) {
        return create(choice, threshold, scale, maxSide, minFace, FaceCheck.Settings.DEFAULT);
    }

    /**
     * Loads the chosen detector, its detections checked by {@code faceCheck} (unless it is off):
     * a {@link FaceCheckedDetector} around the whole chain, so boxes are judged in the original
     * image's pixels after any resizing.
     */
    public static FaceDetector create(
            Choice choice, double threshold, double scale, int maxSide, int minFace, FaceCheck.Settings faceCheck) {
        return around(load(choice, threshold, minFace), choice.kind(), scale, maxSide, faceCheck);
    }

    /**
     * {@code detector} set up as {@link #create} sets up the detectors it loads: resized by {@code
     * scale} (up to {@code maxSide}), then face-checked.
     */
    public static FaceDetector around(
            FaceDetector detector, Kind kind, double scale, int maxSide, FaceCheck.Settings faceCheck) {
        // The SSD always sees a 300x300 copy of the frame: resizing first would only cost time.
        FaceDetector sized = scale == 1.0 || kind == Kind.SSD ? detector : new ScaledDetector(detector, scale, maxSide);
        return faceCheck.enabled() ? new FaceCheckedDetector(sized, new FaceCheck(faceCheck)) : sized;
    }

    /**
     * One YuNet in ONNX Runtime for the pipelines of several sources, their frames batched ({@code
     * detection.batch}); the choice must run YuNet in ONNX Runtime.
     */
    public static BatchingDetector batching(Choice choice, double threshold) {
        if (!choice.onnxRuntime()) {
            throw new IllegalArgumentException("batching needs YuNet in ONNX Runtime, not " + choice);
        }
        return new BatchingDetector(onnxYuNet(choice, threshold));
    }

    private static FaceDetector load(Choice choice, double threshold, int minFace) {
        return switch (choice.kind()) {
            case YUNET ->
                choice.onnxRuntime()
                        ? onnxYuNet(choice, threshold)
                        : YuNetDetector.load(choice.file(), (float) threshold);
            case SSD -> SsdDetector.load(choice.file(), choice.graph(), (float) threshold);
            case HAAR -> choice.file() == null ? HaarDetector.load(minFace) : HaarDetector.load(choice.file(), minFace);
        };
    }

    private static OnnxYuNetDetector onnxYuNet(Choice choice, double threshold) {
        Inference how = choice.inference();
        return OnnxYuNetDetector.load(choice.file(), (float) threshold, how.provider(), how.threads());
    }
}
