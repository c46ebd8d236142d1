package io.maskwatch.edge.runtime;

import io.maskwatch.classifier.ModelLocator;
import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.classifier.OnnxMaskClassifier;
import io.maskwatch.classifier.ProviderChoice;
import io.maskwatch.core.config.ConfigException;
import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.store.ModelNames;
import io.maskwatch.vision.classify.CropClassifier;
import io.maskwatch.vision.config.DetectionConfig;
import io.maskwatch.vision.config.SourceConfig;
import io.maskwatch.vision.detect.BatchingDetector;
import io.maskwatch.vision.detect.FaceCheck;
import io.maskwatch.vision.detect.FaceDetector;
import io.maskwatch.vision.detect.FaceDetectors;
import io.maskwatch.vision.detect.ModelDirectories;
import io.maskwatch.vision.event.EventSink;
import io.maskwatch.vision.event.SecondLook;
import io.maskwatch.vision.pipeline.DetectionPipeline;
import io.maskwatch.vision.pipeline.FrameListener;
import io.maskwatch.vision.pipeline.PipelineObserver;
import io.maskwatch.vision.pipeline.PipelineSettings;
import io.maskwatch.vision.pipeline.RunSummary;
import io.maskwatch.vision.pipeline.StageTimes;
import io.maskwatch.vision.source.FrameSource;
import io.maskwatch.vision.source.Sources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.bytedeco.opencv.global.opencv_core;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detection wired from the edge configuration, in one place: the classifier (shared: ONNX Runtime
 * sessions are thread-safe), the detector choice, and one pipeline per source on its own thread
 * (detectors, trackers and crop buffers are per source). Used by {@code detect} and {@code bench}.
 */
public final class DetectionSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DetectionSession.class);

    private final EdgeConfig config;
    private final OnnxMaskClassifier classifier;
    private final FaceDetectors.Choice detector;
    private final ProviderChoice detectorProvider;
    private final Path classifierDirectory;
    private final double threshold;
    private final int minFaceSize;
    private final AtomicLong trackIds = new AtomicLong();
    private final List<DetectionPipeline> running = new CopyOnWriteArrayList<>();
    private volatile Function<FrameSource, PipelineObserver> observers = source -> PipelineObserver.NONE;
    private volatile boolean stopped;
    /** The detector the sources share when their frames are batched (detection.batch), else null. */
    private BatchingDetector batching;

    /** Where YuNet comes from on first use: its public address, a configured mirror, or nowhere ("none"). */
    private static java.net.URI firstUseDownload(String modelUrl) {
        if (modelUrl == null || modelUrl.isBlank()) {
            return io.maskwatch.vision.detect.KnownModel.YUNET.url();
        }
        if (modelUrl.trim().equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return java.net.URI.create(modelUrl.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("detection.model_url: '" + modelUrl + "' is not a URL (" + e.getMessage()
                    + "); give http(s)://... or none");
        }
    }

    public DetectionSession(EdgeConfig config) {
        this.config = config;
        opencv_core.setNumThreads(config.detection().threads());
        // The detector first: a missing model file is reported before the classifier loads.
        this.detector = FaceDetectors.resolve(
                        config.faceDetection(),
                        new ModelDirectories(config.detection().modelCache()),
                        firstUseDownload(config.detection().modelUrl()))
                .withThreads(config.detection().threads());
        if (config.detection().batch() && detector.kind() == FaceDetectors.Kind.YUNET && !detector.onnxRuntime()) {
            throw new ConfigException("detection.batch: true needs models.face_detection.runtime: onnxruntime"
                    + " (OpenCV's FaceDetectorYN takes one image at a time); set the runtime or batch: false");
        }
        // Loaded once now, so a corrupt file is reported before any source or the store is opened.
        try (FaceDetector probe =
                FaceDetectors.create(detector, config.faceDetection().threshold(), 1.0, 0, 0)) {
            this.detectorProvider = probe.provider();
        }
        this.classifierDirectory =
                classifierDir(config.maskClassifier().model(), config.asWritten("models.mask_classifier.model"));
        this.classifier = OnnxMaskClassifier.load(
                classifierDirectory,
                config.maskClassifier().threads(),
                config.maskClassifier().provider());
        checkLabels(
                classifier.manifest(),
                config.maskClassifier().labels(),
                config.asWritten("models.mask_classifier.labels"));
        this.threshold = config.maskClassifier().threshold() != null
                ? config.maskClassifier().threshold()
                : classifier.manifest().recommendedThreshold();
        this.minFaceSize = config.detection().minFaceSize() != null
                ? config.detection().minFaceSize()
                : classifier.manifest().minFaceSize();
    }

    public EdgeConfig config() {
        return config;
    }

    public ModelManifest classifierManifest() {
        return classifier.manifest();
    }

    /** The folder the classifier was loaded from (model.onnx, model.json). */
    public Path classifierDirectory() {
        return classifierDirectory;
    }

    public FaceDetectors.Choice detector() {
        return detector;
    }

    /** What runs the face detector, and where (with the reason when CUDA was asked for but cannot run). */
    public ProviderChoice detectorProvider() {
        return detectorProvider;
    }

    /** What runs the mask classifier, and where. */
    public ProviderChoice classifierProvider() {
        return classifier.provider();
    }

    public double threshold() {
        return threshold;
    }

    public int minFaceSize() {
        return minFaceSize;
    }

    /** The models' names as events and heartbeats carry them: the detector's file, the classifier's id. */
    public ModelNames modelNames() {
        return new ModelNames(detector.modelName(), classifier.manifest().id());
    }

    /**
     * The detector detect runs on still images (photos, image folders), set up for small faces; close
     * it when done. {@code evaluate --end-to-end} gets it here too, so it judges exactly this one.
     */
    public FaceDetector openStillDetector() {
        DetectionConfig d = config.detection();
        return FaceDetectors.create(
                detector,
                config.faceDetection().threshold(),
                d.imageScale(),
                d.imageMaxSide(),
                minFaceSize,
                FaceCheck.Settings.of(d));
    }

    /**
     * The detector run again on each event's crop ({@link SecondLook}), or null when {@code
     * tracking.evidence_min_face_score} is 0.
     */
    public SecondLook openSecondLook() {
        double minScore = config.tracking().evidenceMinFaceScore();
        return minScore <= 0 ? null : SecondLook.by(detector, minScore);
    }

    /** detect's crop rule and batched classification on this session's classifier; close it when done. */
    public CropClassifier openCropClassifier() {
        return new CropClassifier(classifier);
    }

    /** One line saying what runs: detector, classifier, thresholds, sources. */
    public String describe() {
        return String.format(
                java.util.Locale.ROOT,
                "detect: %s detector %s (threshold %.2f%s; %s), classifier %s (no-mask threshold %.2f, faces from %d px;"
                        + " %s), sources %s",
                detector.kind().name().toLowerCase(java.util.Locale.ROOT),
                detector.modelName(),
                config.faceDetection().threshold(),
                detector.fallback() ? ", FALLBACK: no YuNet file" : "",
                detectorProvider.describe(),
                classifier.manifest().id(),
                threshold,
                minFaceSize,
                classifier.provider().describe(),
                config.sources().stream().map(SourceConfig::name).toList());
    }

    /** Opens every configured source first (a wrong one fails before anything runs). */
    public List<FrameSource> openSources() {
        if (config.sources().isEmpty()) {
            throw new ConfigException("no source to watch: list the cameras, stream URLs, video files or folders"
                    + " under 'sources' in the configuration");
        }
        List<FrameSource> sources = new ArrayList<>();
        try {
            for (SourceConfig s : config.sources()) {
                sources.add(Sources.open(s.uri(), s.name(), config.stream()));
            }
        } catch (RuntimeException e) {
            sources.forEach(FrameSource::close);
            throw e;
        }
        return sources;
    }

    /**
     * Analyses every source until it ends or {@link #stop()} is called; one thread per source.
     *
     * @param outputs the frame listeners of a source (annotated video, JSON lines, preview)
     */
    public List<RunSummary> run(
            List<FrameSource> sources,
            EventSink sink,
            Function<FrameSource, List<FrameListener>> outputs,
            StageTimes times)
            throws InterruptedException {
        if (config.detection().batch() && sources.size() > 1 && batching == null && detector.onnxRuntime()) {
            batching = FaceDetectors.batching(detector, config.faceDetection().threshold());
        }
        ExecutorService threads = Executors.newFixedThreadPool(sources.size(), r -> new Thread(r, "pipeline"));
        try {
            CompletionService<RunSummary> ended = new ExecutorCompletionService<>(threads);
            List<Future<RunSummary>> futures = new ArrayList<>();
            for (FrameSource source : sources) {
                futures.add(ended.submit(() -> runOne(source, sink, outputs.apply(source), times)));
            }
            // In the order they end: the first failure stops the other sources (a camera never ends by
            // itself), and is thrown once they have finished their frame and let go of the sink.
            RuntimeException failure = null;
            for (int i = 0; i < futures.size(); i++) {
                try {
                    get(ended.take());
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                        stop();
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            List<RunSummary> summaries = new ArrayList<>();
            for (Future<RunSummary> f : futures) {
                summaries.add(get(f));
            }
            return summaries;
        } finally {
            threads.shutdownNow();
        }
    }

    private RunSummary runOne(FrameSource source, EventSink sink, List<FrameListener> listeners, StageTimes times)
            throws InterruptedException {
        DetectionConfig d = config.detection();
        try (source;
                CropClassifier crops = openCropClassifier();
                FaceDetector video = openVideoDetector();
                FaceDetector still = openStillDetector();
                SecondLook secondLook = openSecondLook()) {
            DetectionPipeline pipeline = new DetectionPipeline(
                    source,
                    video,
                    still,
                    crops,
                    new PipelineSettings(d.every(), minFaceSize, threshold, config.tracking()),
                    trackIds::incrementAndGet,
                    sink,
                    listeners,
                    times,
                    secondLook);
            pipeline.observedBy(observers.apply(source));
            running.add(pipeline);
            if (stopped) {
                pipeline.stop();
            }
            return pipeline.run();
        } finally {
            for (FrameListener listener : listeners) {
                listener.close();
            }
        }
    }

    /** The detector of a source's video frames: its own, or its handle on the shared batching one. */
    private FaceDetector openVideoDetector() {
        DetectionConfig d = config.detection();
        FaceCheck.Settings check = FaceCheck.Settings.of(d);
        if (batching != null) {
            return FaceDetectors.around(batching.handle(), detector.kind(), d.scale(), 0, check);
        }
        return FaceDetectors.create(detector, config.faceDetection().threshold(), d.scale(), 0, minFaceSize, check);
    }

    /** The pipelines started from now on tell the observer {@code observers} gives for their source of each frame. */
    public void observeWith(Function<FrameSource, PipelineObserver> observers) {
        this.observers = observers;
    }

    /** Asks every pipeline to finish its current frame and end (Ctrl-C). */
    public void stop() {
        stopped = true;
        running.forEach(DetectionPipeline::stop);
    }

    @Override
    public void close() {
        if (batching != null) {
            log.info("YuNet batched across sources: {}", batching.summary());
            batching.close();
        }
        classifier.close();
    }

    private static RunSummary get(Future<RunSummary> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The model directory; a path to {@code model.onnx} names its folder. */
    static Path classifierDir(String configured, String asWritten) {
        if (configured == null) {
            return ModelLocator.defaultModelDir();
        }
        Path path = existing("mask classifier", "models.mask_classifier.model", configured, asWritten);
        return Files.isRegularFile(path) ? path.toAbsolutePath().getParent() : path;
    }

    /**
     * A configured model path: as given (the configuration file made it absolute when it was
     * relative to the file), else a relative one in the installation ({@code models/...}, the
     * shipped model). A missing one is an error naming both the value and where it was looked for.
     *
     * @param asWritten the value in the configuration file when it was relative to the file's
     *     folder, else null
     */
    static Path existing(String what, String key, String configured, String asWritten) {
        Path path = Path.of(configured);
        if (Files.exists(path)) {
            return path;
        }
        if (!path.isAbsolute()) {
            Optional<Path> installed = ModelLocator.installed(configured);
            if (installed.isPresent()) {
                return installed.get();
            }
        }
        String given = asWritten == null ? configured : asWritten + " (in the configuration file)";
        throw new ConfigException(what + " not found: " + key + " is " + given + ", tried " + path.toAbsolutePath()
                + (path.isAbsolute() ? "" : " and " + configured + " in the installation")
                + "; a relative path in a configuration file is relative to the file's folder, on the"
                + " command line to the current directory");
    }

    /** The seed's labels file must list the model's classes, in its order. */
    static void checkLabels(ModelManifest manifest, String labelsFile, String asWritten) {
        if (labelsFile == null) {
            return;
        }
        List<String> labels;
        try {
            labels =
                    Files.readAllLines(existing("labels file", "models.mask_classifier.labels", labelsFile, asWritten))
                            .stream()
                            .map(String::trim)
                            .filter(l -> !l.isEmpty())
                            .toList();
        } catch (IOException e) {
            throw new ConfigException("models.mask_classifier.labels: cannot read " + labelsFile + " (" + e.getMessage()
                    + "); fix the path or remove the key (the model's model.json lists its labels)");
        }
        if (!labels.equals(manifest.labels())) {
            throw new ConfigException("models.mask_classifier.labels: " + labelsFile + " lists " + labels
                    + " but the model's classes are " + manifest.labels()
                    + "; point it at the model's labels.txt or remove the key");
        }
    }
}
