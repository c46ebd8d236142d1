package io.maskwatch.vision.evaluate;

import io.maskwatch.vision.detect.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pairs detections with annotated boxes greedily: the pair with the highest IoU first, each box on
 * either side used at most once, no pair below the IoU floor. Greedy rather than optimal (Hungarian)
 * because that is how detection benchmarks count, and in photos of separated faces the two agree.
 */
public final class BoxMatcher {
    /** The IoU from which a detection counts as finding an annotated face. */
    public static final float DEFAULT_MIN_IOU = 0.4f;

    /** One detection paired with one annotation, by their indices in the lists given. */
    public record Pair(int detection, int annotation, float iou) {}

    private final float minIou;

    public BoxMatcher(float minIou) {
        if (!(minIou > 0 && minIou <= 1)) {
            throw new IllegalArgumentException("IoU floor must be in (0, 1], got " + minIou);
        }
        this.minIou = minIou;
    }

    /** The pairs, best IoU first; ties go to the earlier detection, then the earlier annotation. */
    public List<Pair> match(List<Detection> detections, List<Detection> annotations) {
        List<Pair> candidates = new ArrayList<>();
        for (int d = 0; d < detections.size(); d++) {
            for (int a = 0; a < annotations.size(); a++) {
                float iou = Detection.iou(detections.get(d), annotations.get(a));
                if (iou >= minIou) {
                    candidates.add(new Pair(d, a, iou));
                }
            }
        }
        // Stable sort: equal IoUs keep the (detection, annotation) order they were listed in.
        candidates.sort(Comparator.comparingDouble(Pair::iou).reversed());
        boolean[] detectionUsed = new boolean[detections.size()];
        boolean[] annotationUsed = new boolean[annotations.size()];
        List<Pair> pairs = new ArrayList<>();
        for (Pair p : candidates) {
            if (!detectionUsed[p.detection()] && !annotationUsed[p.annotation()]) {
                detectionUsed[p.detection()] = true;
                annotationUsed[p.annotation()] = true;
                pairs.add(p);
            }
        }
        return pairs;
    }
}
