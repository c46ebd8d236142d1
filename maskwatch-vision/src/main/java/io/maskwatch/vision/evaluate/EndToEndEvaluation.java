package io.maskwatch.vision.evaluate;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.vision.classify.CropClassifier;
import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.detect.FaceDetector;
import io.maskwatch.vision.event.EvidenceCheck;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Runs what {@code detect} runs on a still image over annotated photos and pairs what it finds with
 * the annotations: the photo decoded as detect decodes image files, the still-image detector (the
 * caller builds it with the same factory call as detect), faces narrower than detect's minimum
 * face size left unclassified (detect labels them too small), the rest classified in one batch
 * through {@link CropClassifier} (detect's crop rule). The threshold is applied later, by {@link
 * EndToEndReport}: a still image gets one classification, so its label is probability >= threshold.
 */
public final class EndToEndEvaluation {
    private final FaceDetector stillDetector;
    private final CropClassifier classifier;
    private final int minFaceSize;
    private final BoxMatcher matcher;
    private final EvidenceCheck evidence;

    /** Told after each photo; for progress on long runs. */
    public interface Progress {
        void photoDone(int done, int total);
    }

    /**
     * What a run gave.
     *
     * @param faces every annotated face and every unmatched detection
     * @param unreadable photos that could not be decoded (their faces are left out)
     * @param photos photos evaluated
     * @param seconds wall time of the run
     */
    public record Result(List<MatchedFace> faces, List<Path> unreadable, int photos, double seconds) {}

    /**
     * @param stillDetector detect's still-image detector
     * @param minFaceSize detect's {@code detection.min_face_size} (narrower faces are not classified)
     * @param evidence detect's evidence checks, which decide whether a no-mask label is sent as an alert
     */
    public EndToEndEvaluation(
            FaceDetector stillDetector,
            CropClassifier classifier,
            int minFaceSize,
            BoxMatcher matcher,
            EvidenceCheck evidence) {
        this.evidence = evidence;
        this.stillDetector = stillDetector;
        this.classifier = classifier;
        this.minFaceSize = minFaceSize;
        this.matcher = matcher;
    }

    public Result run(List<AnnotatedPhoto> photos, Progress progress) {
        long start = System.nanoTime();
        List<MatchedFace> faces = new ArrayList<>();
        List<Path> unreadable = new ArrayList<>();
        int done = 0;
        for (AnnotatedPhoto photo : photos) {
            // As ImageFilesReader decodes the images of a folder for detect.
            Mat image = imread(photo.image().toString(), IMREAD_COLOR);
            try {
                if (image == null || image.empty()) {
                    unreadable.add(photo.image());
                } else {
                    faces.addAll(evaluate(image, photo));
                }
            } finally {
                if (image != null) {
                    image.close();
                }
            }
            progress.photoDone(++done, photos.size());
        }
        return new Result(faces, unreadable, photos.size() - unreadable.size(), (System.nanoTime() - start) / 1e9);
    }

    /** The faces of one decoded photo: each annotated face, then each detection on no annotated face. */
    public List<MatchedFace> evaluate(Mat image, AnnotatedPhoto photo) {
        List<Detection> detections = stillDetector.detect(image);
        List<Detection> classified = new ArrayList<>();
        float[] probability = new float[detections.size()];
        for (int i = 0; i < detections.size(); i++) {
            probability[i] = Float.NaN;
            if (detections.get(i).width() >= minFaceSize) {
                classified.add(detections.get(i));
            }
        }
        float[] p = classifier.noMaskProbabilities(image, classified);
        boolean[] passes = new boolean[detections.size()];
        for (int i = 0, c = 0; i < detections.size(); i++) {
            if (detections.get(i).width() >= minFaceSize) {
                probability[i] = p[c++];
                passes[i] = passesEvidence(image, detections.get(i));
            }
        }

        List<Detection> annotated =
                photo.faces().stream().map(AnnotatedPhoto.Face::box).toList();
        int[] detectionOf = new int[annotated.size()];
        boolean[] matched = new boolean[detections.size()];
        Arrays.fill(detectionOf, -1);
        for (BoxMatcher.Pair pair : matcher.match(detections, annotated)) {
            detectionOf[pair.annotation()] = pair.detection();
            matched[pair.detection()] = true;
        }
        List<MatchedFace> faces = new ArrayList<>();
        for (int a = 0; a < annotated.size(); a++) {
            MatchedFace.Truth truth = photo.faces().get(a).truth();
            Detection box = annotated.get(a);
            int d = detectionOf[a];
            faces.add(
                    d < 0
                            ? MatchedFace.missed(photo.image(), truth, box)
                            : new MatchedFace(
                                    photo.image(),
                                    truth,
                                    box,
                                    detections.get(d),
                                    Detection.iou(detections.get(d), box),
                                    probability[d],
                                    passes[d]));
        }
        for (int d = 0; d < detections.size(); d++) {
            if (!matched[d]) {
                Detection box = detections.get(d);
                float best = 0;
                for (Detection a : annotated) {
                    best = Math.max(best, Detection.iou(box, a));
                }
                faces.add(new MatchedFace(
                        photo.image(), MatchedFace.Truth.NONE, null, box, best, probability[d], passes[d]));
            }
        }
        return faces;
    }

    /** As detect judges a still image's event crop (each face its own event). */
    private boolean passesEvidence(Mat image, Detection face) {
        FaceCrop crop = classifier.cropOf(face, image.cols(), image.rows());
        try (Rect rect = new Rect(crop.x1(), crop.y1(), crop.width(), crop.height());
                Mat region = new Mat(image, rect)) {
            return evidence.passes(region, face);
        }
    }
}
