package io.maskwatch.vision.pipeline;

import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.vision.classify.CropClassifier;
import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.detect.FaceDetector;
import io.maskwatch.vision.event.ComplianceCounter;
import io.maskwatch.vision.event.EventIds;
import io.maskwatch.vision.event.EventPolicy;
import io.maskwatch.vision.event.EventSink;
import io.maskwatch.vision.event.SecondLook;
import io.maskwatch.vision.event.Sighting;
import io.maskwatch.vision.pipeline.StageTimes.Stage;
import io.maskwatch.vision.source.FrameSource;
import io.maskwatch.vision.source.SourceStats;
import io.maskwatch.vision.source.VideoFrame;
import io.maskwatch.vision.track.MaskLabel;
import io.maskwatch.vision.track.Track;
import io.maskwatch.vision.track.TrackedFace;
import io.maskwatch.vision.track.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Analyses one source, frame by frame: detect faces, follow them, classify each tracked face every
 * few frames (all faces of a frame in one batch), let the event policy and the compliance counter
 * see the result, and hand the annotated frame to the outputs. Decoding runs ahead on the source's
 * thread and storing on the sink's, so this thread only analyses.
 */
public final class DetectionPipeline {
    private final FrameSource source;
    private final FaceDetector videoDetector;
    private final FaceDetector stillDetector;
    private final CropClassifier classifier;
    private final PipelineSettings settings;
    private final Tracker tracker;
    private final EventPolicy policy;
    private final ComplianceCounter compliance;
    private final List<FrameListener> listeners;
    private final StageTimes times;
    private PipelineObserver observer = PipelineObserver.NONE;
    private volatile boolean stopped;

    private long frames;
    private long faces;
    private long tooSmall;
    private long classifications;
    private long tracks;
    private long maxClassificationInterval;

    /**
     * @param videoDetector finds faces in video frames
     * @param stillDetector finds faces in still images (set up for small faces)
     * @param trackIds ids for new tracks, shared by the pipelines of one process
     * @param secondLook checks each event's crop once more for a face before it is sent (null: not
     *     checked)
     */
    public DetectionPipeline(
            FrameSource source,
            FaceDetector videoDetector,
            FaceDetector stillDetector,
            CropClassifier classifier,
            PipelineSettings settings,
            LongSupplier trackIds,
            EventSink sink,
            List<FrameListener> listeners,
            StageTimes times,
            SecondLook secondLook) {
        this.source = source;
        this.videoDetector = videoDetector;
        this.stillDetector = stillDetector;
        this.classifier = classifier;
        this.settings = settings;
        this.tracker = new Tracker(settings.tracking(), settings.noMaskThreshold(), trackIds);
        EventIds ids = source.replayKey().map(EventIds::replayable).orElseGet(EventIds::random);
        this.policy = new EventPolicy(settings.tracking(), source.name(), sink, source.stills(), secondLook, ids);
        this.compliance =
                new ComplianceCounter(source.name(), sink, source.replayKey().isPresent());
        this.listeners = listeners;
        this.times = times;
    }

    /** Has {@code observer} hear of each frame as it is analysed (the device's live metrics); before {@link #run()}. */
    public DetectionPipeline observedBy(PipelineObserver observer) {
        this.observer = observer;
        return this;
    }

    /** Analyses frames until the source ends or {@link #stop()} is called; then writes what is pending. */
    public RunSummary run() throws InterruptedException {
        long start = System.nanoTime();
        try {
            for (VideoFrame next; !stopped && (next = source.next()) != null; ) {
                try (VideoFrame frame = next) {
                    analyse(frame);
                }
                frames++;
            }
        } finally {
            StageTimes.Clock clock = times.clock();
            policy.finish();
            compliance.finish();
            clock.lap(Stage.TRACK);
        }
        SourceStats stats = source.stats();
        return new RunSummary(
                source.name(),
                frames,
                faces,
                tooSmall,
                classifications,
                tracks,
                policy.events(),
                policy.lowEvidenceEvents(),
                stats.dropped(),
                stats.skipped(),
                stats.reconnects(),
                maxClassificationInterval,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Asks {@link #run()} to end after the current frame (any thread), without waiting for anything:
     * the source is stopped too, so a pipeline waiting for a live source's next frame lets go at once,
     * even when that source's reader is stuck in a read. (Whoever runs it still closes the source, as
     * {@code DetectionSession} does on the pipeline's thread.)
     */
    public void stop() {
        stopped = true;
        source.stop();
    }

    private void analyse(VideoFrame frame) {
        boolean still = source.stills();
        StageTimes.Clock clock = times.clock();
        List<TrackedFace> found;
        // Faces are classified on detection frames only, so every sighting has its frame's faces.
        List<Detection> detections = List.of();
        if (still || frames % settings.detectEvery() == 0) {
            detections = (still ? stillDetector : videoDetector).detect(frame.image());
            clock.lap(Stage.DETECT);
            found = tracker.update(detections);
            faces += detections.size();
            for (Track track : tracker.active()) {
                if (track.missed() > 0) {
                    track.unclassifiable(frames);
                }
            }
            clock.lap(Stage.TRACK);
        } else {
            found = tracker.coast();
            clock.lap(Stage.TRACK);
        }

        List<TrackedFace> due = dueForClassification(found);
        float[] probabilities = classifier.noMaskProbabilities(frame.image(), boxes(due));
        clock.lap(Stage.CLASSIFY);
        classifications += due.size();

        for (int i = 0; i < due.size(); i++) {
            TrackedFace face = due.get(i);
            boolean vote = face.track().classified(frames, probabilities[i]);
            maxClassificationInterval =
                    Math.max(maxClassificationInterval, face.track().lastInterval());
            FaceCrop crop = classifier.cropOf(face.box(), frame.width(), frame.height());
            policy.classified(
                    face.track(),
                    new Sighting(
                            frames, frame.time(), frame.image(), face.box(), crop, probabilities[i], vote, detections));
        }
        List<FaceResult> results = results(found, frame);
        policy.frameDone(frame.time(), tracker.ended());
        if (still) {
            // Each image is its own scene: its people are not the next image's.
            policy.frameDone(frame.time(), tracker.endAll());
        }
        clock.lap(Stage.TRACK);

        if (!listeners.isEmpty()) {
            FrameResult result = new FrameResult(frame, results);
            for (FrameListener listener : listeners) {
                listener.frame(result);
            }
            clock.lap(Stage.OUTPUT);
        }
        observer.frameAnalysed(detections.size(), due.size(), clock);
    }

    private List<TrackedFace> dueForClassification(List<TrackedFace> found) {
        List<TrackedFace> due = new ArrayList<>();
        for (TrackedFace face : found) {
            if (face.detected()
                    && face.box().width() >= settings.minFaceSize()
                    && face.track()
                            .dueForClassification(frames, settings.tracking().classifyEvery())) {
                due.add(face);
            }
        }
        return due;
    }

    private List<FaceResult> results(List<TrackedFace> found, VideoFrame frame) {
        List<FaceResult> results = new ArrayList<>(found.size());
        for (TrackedFace face : found) {
            if (face.detected() && face.track().hits() == 1) {
                tracks++;
            }
            if (face.box().width() < settings.minFaceSize()) {
                if (face.detected()) {
                    tooSmall++;
                    face.track().unclassifiable(frames);
                }
                results.add(new FaceResult(
                        face.box(),
                        MaskLabel.TOO_SMALL,
                        Double.NaN,
                        face.track().id()));
                continue;
            }
            MaskLabel label = face.track().label();
            if (face.detected()) {
                compliance.observe(frame.time(), face.track().id(), label);
            }
            results.add(new FaceResult(
                    face.box(),
                    label,
                    face.track().votes().labelProbability(),
                    face.track().id()));
        }
        return results;
    }

    private static List<Detection> boxes(List<TrackedFace> faces) {
        List<Detection> boxes = new ArrayList<>(faces.size());
        for (TrackedFace face : faces) {
            boxes.add(face.box());
        }
        return boxes;
    }
}
