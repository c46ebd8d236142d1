package io.maskwatch.vision.track;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.vision.config.TrackingConfig;
import io.maskwatch.vision.config.VisionSettings;
import io.maskwatch.vision.detect.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrackerTest {
    private final TrackingConfig config =
            VisionSettings.of(Map.of("tracking.max_missed_frames", "5")).tracking();
    private final Tracker tracker = new Tracker(config, 0.5, new AtomicLong()::incrementAndGet);

    private static Detection box(float x, float y, float size) {
        return new Detection(x, y, x + size, y + size, 0.9f);
    }

    @Test
    void aWalkingPersonKeepsOneIdAcrossFramesAndMissedDetections() {
        long id = -1;
        for (int f = 0; f < 60; f++) {
            // 6 px per frame with 30 px faces: consecutive boxes overlap by IoU ~0.6.
            boolean missed = f % 10 == 7 || f % 10 == 8; // two missed detections in a row, every 10 frames
            List<TrackedFace> faces = tracker.update(missed ? List.of() : List.of(box(20 + 6 * f, 50, 30)));
            if (!missed) {
                assertThat(faces).hasSize(1);
                if (id < 0) {
                    id = faces.get(0).track().id();
                }
                assertThat(faces.get(0).track().id()).isEqualTo(id);
            }
        }
        assertThat(tracker.active()).hasSize(1);
    }

    @Test
    void fastSmallFaceThatNoLongerOverlapsIsFollowedByItsMotion() {
        // 16 px faces moving 12 px per frame: IoU between frames is 0.14, below the 0.3 threshold.
        List<Long> ids = new ArrayList<>();
        for (int f = 0; f < 20; f++) {
            ids.add(tracker.update(List.of(box(10 + 12 * f, 100, 16)))
                    .get(0)
                    .track()
                    .id());
        }
        assertThat(ids).containsOnly(ids.get(0));
    }

    @Test
    void twoPeopleSideBySideGetTwoIdsThatStayWithThem() {
        long left = -1;
        long right = -1;
        for (int f = 0; f < 30; f++) {
            List<TrackedFace> faces = tracker.update(List.of(box(300 - 2 * f, 80, 40), box(100 + 2 * f, 80, 40)));
            TrackedFace l =
                    faces.stream().filter(t -> t.box().x1() < 200).findFirst().orElseThrow();
            TrackedFace r =
                    faces.stream().filter(t -> t.box().x1() >= 200).findFirst().orElseThrow();
            if (f == 0) {
                left = l.track().id();
                right = r.track().id();
            }
            assertThat(l.track().id()).isEqualTo(left);
            assertThat(r.track().id()).isEqualTo(right);
        }
        assertThat(left).isNotEqualTo(right);
    }

    @Test
    void aTrackEndsAfterMaxMissedFramesAndTheFaceComingBackIsANewPerson() {
        long first = tracker.update(List.of(box(50, 50, 40))).get(0).track().id();
        List<Track> ended = List.of();
        for (int f = 0; f < 6 && ended.isEmpty(); f++) {
            tracker.update(List.of());
            ended = tracker.ended();
        }
        assertThat(ended).extracting(Track::id).containsExactly(first);
        long second = tracker.update(List.of(box(50, 50, 40))).get(0).track().id();
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void framesWithoutDetectionCarryTheBoxAlongItsMotion() {
        for (int f = 0; f < 5; f++) {
            tracker.update(List.of(box(100 + 10 * f, 50, 40)));
        }
        List<TrackedFace> coasted = tracker.coast();
        assertThat(coasted).hasSize(1);
        assertThat(coasted.get(0).detected()).isFalse();
        // Last detection at x=140 moving ~10 px per frame: predicted near 150.
        assertThat(coasted.get(0).box().x1()).isBetween(145f, 152f);
        // The next detection (two frames after the last) continues the same track.
        long id = coasted.get(0).track().id();
        assertThat(tracker.update(List.of(box(160, 50, 40))).get(0).track().id())
                .isEqualTo(id);
    }

    @Test
    void votesNeedAMajoritySoOneBadFrameDoesNotFlipTheLabel() {
        MaskVotes votes = new MaskVotes(5, 0.5);
        for (float p : new float[] {0.9f, 0.9f, 0.1f, 0.9f}) {
            votes.add(p);
        }
        assertThat(votes.label()).isEqualTo(MaskLabel.NO_MASK);
        assertThat(votes.noMaskVotes()).isEqualTo(3);
        MaskVotes masked = new MaskVotes(5, 0.5);
        for (float p : new float[] {0.1f, 0.2f, 0.95f, 0.1f}) {
            masked.add(p);
        }
        assertThat(masked.label()).isEqualTo(MaskLabel.MASK);
        // The shown probability is the mask probability of the votes that said "mask".
        assertThat(masked.labelProbability())
                .isCloseTo(1 - (0.1 + 0.2 + 0.1) / 3, org.assertj.core.data.Offset.offset(1e-6));
        // The window forgets: five mask votes later, the old no-mask vote is gone.
        for (int i = 0; i < 5; i++) {
            masked.add(0.1f);
        }
        assertThat(masked.noMaskVotes()).isZero();
    }

    @Test
    void aNoMaskLabelBelowHalfNeverShowsTheMinoritysProbability() {
        // A low threshold (as the shipped model's 0.31) lets a "no mask" majority have a mean
        // no-mask probability under the threshold once a confident mask vote is averaged in.
        MaskVotes votes = new MaskVotes(3, 0.31);
        for (float p : new float[] {0.35f, 0.05f, 0.40f}) {
            votes.add(p);
        }
        assertThat(votes.label()).isEqualTo(MaskLabel.NO_MASK);
        assertThat(votes.labelProbability())
                .isCloseTo((0.35 + 0.40) / 2, org.assertj.core.data.Offset.offset(1e-6))
                .isGreaterThanOrEqualTo(0.31);
    }
}
