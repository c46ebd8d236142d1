package io.maskwatch.vision.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.vision.detect.Detection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BoxMatcherTest {
    private static final BoxMatcher MATCHER = new BoxMatcher(BoxMatcher.DEFAULT_MIN_IOU);
    private static final Detection FACE = box(0, 0, 10, 10);

    @Test
    void theBestOverlapWinsWhicheverDetectionIsListedFirst() {
        // The first detection overlaps the face by 0.6, the second by 0.9: the second gets it.
        List<BoxMatcher.Pair> pairs = MATCHER.match(List.of(box(0, 0, 10, 6), box(0, 0, 10, 9)), List.of(FACE));

        assertThat(pairs).containsExactly(new BoxMatcher.Pair(1, 0, 0.9f));
    }

    @Test
    void pairsAreTakenBestFirstNotDetectionByDetection() {
        // Two overlapping faces. The first detection's best face is B (0.82; A 0.67), but the second
        // detection fits B better still (0.95; A 0.52): B goes to it and the first gets A.
        Detection a = box(0, 0, 10, 10);
        Detection b = box(3, 0, 13, 10);
        Detection first = box(2, 0, 12, 10);
        Detection second = box(3, 0, 13.5f, 10);

        List<BoxMatcher.Pair> pairs = MATCHER.match(List.of(first, second), List.of(a, b));

        assertThat(pairs).extracting(p -> p.detection() + "->" + p.annotation()).containsExactly("1->1", "0->0");
    }

    @Test
    void eachFaceAndEachDetectionIsUsedOnce() {
        List<BoxMatcher.Pair> pairs = MATCHER.match(List.of(FACE, FACE, FACE), List.of(FACE, box(0, 0, 10, 9)));

        assertThat(pairs).extracting(BoxMatcher.Pair::detection).containsExactly(0, 1);
        assertThat(pairs).extracting(BoxMatcher.Pair::annotation).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void anOverlapAtTheFloorCountsAndJustUnderDoesNot() {
        assertThat(MATCHER.match(List.of(box(0, 0, 10, 4)), List.of(FACE))).hasSize(1);
        assertThat(MATCHER.match(List.of(box(0, 0, 10, 3.9f)), List.of(FACE))).isEmpty();
        assertThat(MATCHER.match(List.of(), List.of(FACE))).isEmpty();
        assertThat(MATCHER.match(List.of(FACE), List.of())).isEmpty();
    }

    @Test
    void aFloorOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new BoxMatcher(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BoxMatcher(1.5f)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Crowds of generated boxes: pairs are one-to-one, above the floor, in falling IoU, each the best
     * pair left when it was taken, and no pair above the floor is left unmade.
     */
    @Test
    void generatedCrowdsAreMatchedGreedily() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<Detection> faces = crowd(random, random.nextInt(8));
            List<Detection> found = new ArrayList<>();
            for (Detection f : faces) {
                if (random.nextDouble() < 0.8) {
                    found.add(jittered(f, random));
                }
            }
            found.addAll(crowd(random, random.nextInt(3)));

            List<BoxMatcher.Pair> pairs = MATCHER.match(found, faces);

            Set<Integer> usedDetections = new HashSet<>();
            Set<Integer> usedFaces = new HashSet<>();
            float previous = Float.MAX_VALUE;
            for (BoxMatcher.Pair p : pairs) {
                assertThat(p.iou()).isEqualTo(Detection.iou(found.get(p.detection()), faces.get(p.annotation())));
                assertThat(p.iou())
                        .isGreaterThanOrEqualTo(BoxMatcher.DEFAULT_MIN_IOU)
                        .isLessThanOrEqualTo(previous);
                assertThat(bestFree(found, faces, usedDetections, usedFaces)).isEqualTo(p.iou());
                assertThat(usedDetections.add(p.detection())).isTrue();
                assertThat(usedFaces.add(p.annotation())).isTrue();
                previous = p.iou();
            }
            assertThat(bestFree(found, faces, usedDetections, usedFaces)).isLessThan(BoxMatcher.DEFAULT_MIN_IOU);
        }
    }

    private static float bestFree(
            List<Detection> found, List<Detection> faces, Set<Integer> dUsed, Set<Integer> fUsed) {
        float best = 0;
        for (int d = 0; d < found.size(); d++) {
            for (int a = 0; a < faces.size(); a++) {
                if (!dUsed.contains(d) && !fUsed.contains(a)) {
                    best = Math.max(best, Detection.iou(found.get(d), faces.get(a)));
                }
            }
        }
        return best;
    }

    /** Boxes in a 200 x 100 photo; they may overlap, as faces in a crowd do. */
    private static List<Detection> crowd(Random random, int n) {
        List<Detection> boxes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float w = 10 + random.nextInt(30);
            float x = random.nextInt(170);
            float y = random.nextInt(70);
            boxes.add(box(x, y, x + w, y + w * 1.2f));
        }
        return boxes;
    }

    private static Detection jittered(Detection b, Random random) {
        float s = b.width() * 0.3f;
        return box(
                b.x1() + (random.nextFloat() - 0.5f) * s,
                b.y1() + (random.nextFloat() - 0.5f) * s,
                b.x2() + (random.nextFloat() - 0.5f) * s,
                b.y2() + (random.nextFloat() - 0.5f) * s);
    }

    private static Detection box(float x1, float y1, float x2, float y2) {
        return new Detection(x1, y1, x2, y2, 1f);
    }
}
