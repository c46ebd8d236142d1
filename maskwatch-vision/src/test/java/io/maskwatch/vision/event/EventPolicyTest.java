package io.maskwatch.vision.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;

import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.vision.config.TrackingConfig;
import io.maskwatch.vision.config.VisionSettings;
import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.testing.CollectingEventSink;
import io.maskwatch.vision.track.TrackedFace;
import io.maskwatch.vision.track.Tracker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The event rules on one tracked face whose classifications the test chooses, frame by frame. */
class EventPolicyTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Detection FACE = new Detection(60, 60, 140, 140, 0.9f);
    private static Mat sharp;
    private static Mat blurred;

    private final CollectingEventSink sink = new CollectingEventSink();
    /** The frame after which each event of {@link #sink} was written ({@code length}: at the track's end). */
    private final List<Integer> writtenAfter = new java.util.ArrayList<>();

    private EventPolicy policy;

    @BeforeAll
    static void frames() {
        sharp = new Mat(200, 200, CV_8UC3);
        byte[] noise = new byte[200 * 200 * 3];
        new java.util.Random(7).nextBytes(noise);
        sharp.data().put(noise);
        blurred = new Mat();
        GaussianBlur(sharp, blurred, new Size(9, 9), 3);
    }

    @AfterAll
    static void release() {
        sharp.close();
        blurred.close();
    }

    /**
     * Runs one face through the tracker and the policy: classified every frame with the given
     * no-mask probabilities, one frame per 40 ms, sharp where {@code sharpAt} says so.
     */
    private void drive(TrackingConfig config, float[] probabilities, IntPredicate sharpAt) {
        Tracker tracker = new Tracker(config, 0.5, new AtomicLong()::incrementAndGet);
        policy = new EventPolicy(config, "door", sink, false);
        for (int f = 0; f < probabilities.length; f++) {
            TrackedFace face = tracker.update(List.of(FACE)).get(0);
            boolean vote = face.track().classified(f, probabilities[f]);
            Instant time = T0.plus(Duration.ofMillis(40L * f));
            Mat image = sharpAt.test(f) ? sharp : blurred;
            FaceCrop crop = FaceCrop.around(60, 60, 140, 140, 0.1, 200, 200);
            policy.classified(
                    face.track(), new Sighting(f, time, image, FACE, crop, probabilities[f], vote, List.of(FACE)));
            policy.frameDone(time, tracker.ended());
            noteWritten(f);
        }
        policy.frameDone(T0.plus(Duration.ofMillis(40L * probabilities.length)), tracker.endAll());
        policy.finish();
        noteWritten(probabilities.length);
    }

    private void noteWritten(int frame) {
        while (writtenAfter.size() < sink.events.size()) {
            writtenAfter.add(frame);
        }
    }

    private static TrackingConfig config(String... keyValues) {
        Map<String, String> overrides = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            overrides.put(keyValues[i], keyValues[i + 1]);
        }
        return VisionSettings.of(overrides).tracking();
    }

    private static float[] repeat(float p, int n) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, p);
        return out;
    }

    @Test
    void oneNoMaskFrameAmongMaskedOnesRaisesNothing() {
        float[] p = repeat(0.1f, 100);
        p[30] = 0.97f;
        drive(config(), p, f -> true);
        assertThat(sink.events).isEmpty();
    }

    @Test
    void oneMaskFrameAmongUnmaskedOnesDoesNotHideThePerson() {
        float[] p = repeat(0.9f, 100);
        p[2] = 0.05f;
        drive(config(), p, f -> true);
        assertThat(sink.events).hasSize(1);
    }

    @Test
    void fewerNoMaskVotesThanTheMinimumRaiseNothing() {
        float[] p = repeat(0.1f, 40);
        p[10] = 0.9f;
        p[11] = 0.9f;
        p[12] = 0.9f;
        drive(config("tracking.min_no_mask_frames", "4", "tracking.vote_window", "5"), p, f -> true);
        assertThat(sink.events).isEmpty();
    }

    @Test
    void aPersonStayingLongerThanTheCooldownRaisesAgainOnlyAfterIt() {
        // 25 s at 25 frames/s, cooldown 10 s: events near 0 s, 10 s and 20 s.
        drive(config("tracking.cooldown_seconds", "10"), repeat(0.9f, 625), f -> true);
        assertThat(sink.events).hasSize(3);
        for (int i = 1; i < 3; i++) {
            Duration gap = Duration.between(
                    sink.events.get(i - 1).time(), sink.events.get(i).time());
            assertThat(gap).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        }
        assertThat(sink.events)
                .extracting(FaceEvent::trackId)
                .containsOnly(sink.events.get(0).trackId());
    }

    @Test
    void theEventCarriesTheSharpestCropOfTheTrackNotTheFirst() {
        // Only frame 15 is sharp; the event is decided at frame 2 and written 25 frames later.
        drive(config(), repeat(0.9f, 60), f -> f == 15);
        assertThat(sink.events).hasSize(1);
        FaceEvent event = sink.events.get(0);
        assertThat(event.time()).isEqualTo(T0.plus(Duration.ofMillis(40L * 15)));
        assertThat(event.imageWidth()).isEqualTo(96); // 80 px box + 10 % margin on each side
    }

    @Test
    void anEventIsWrittenWhenItsTrackEndsEvenBeforeTheWait() {
        drive(config("tracking.evidence_wait_seconds", "1000"), repeat(0.9f, 10), f -> true);
        assertThat(sink.events).hasSize(1);
        assertThat(writtenAfter).containsExactly(10);
        assertThat(new int[] {sink.events.get(0).x1(), sink.events.get(0).y2()}).containsExactly(60, 140);
    }

    @Test
    void theEventWaitsForTheTracksEndAndCarriesItsBestCropEvenFromLateInTheTrack() {
        // 8 s of track, decided at frame 2, the only sharp view at frame 180 (7.2 s): the old rule
        // (written 25 frames after the decision) would have sent a blurred crop of frame 2.
        drive(config(), repeat(0.9f, 200), f -> f == 180);
        assertThat(sink.events).hasSize(1);
        assertThat(writtenAfter).containsExactly(200);
        FaceEvent event = sink.events.get(0);
        assertThat(event.time()).isEqualTo(T0.plus(Duration.ofMillis(40L * 180)));
        assertThat(event.lowEvidence()).isFalse();
        assertThat(policy.lowEvidenceEvents()).isZero();
    }

    @Test
    void aTrackWhoseCropsAreAllBelowTheMinimumsRaisesALowEvidenceEvent() {
        drive(config(), repeat(0.9f, 60), f -> false);
        assertThat(sink.events).hasSize(1);
        FaceEvent event = sink.events.get(0);
        assertThat(event.lowEvidence()).isTrue();
        assertThat(event.sharpness()).isLessThan(config().evidenceMinSharpness());
        assertThat(policy.events()).isEqualTo(1);
        assertThat(policy.lowEvidenceEvents()).isEqualTo(1);
    }

    @Test
    void aFaceNarrowerThanTheMinimumIsLowEvidenceHoweverSharp() {
        drive(config("tracking.evidence_min_face", "81"), repeat(0.9f, 60), f -> true);
        assertThat(sink.events).singleElement().satisfies(e -> {
            assertThat(e.faceWidth()).isEqualTo(80);
            assertThat(e.lowEvidence()).isTrue();
        });
    }

    @Test
    void thePersonStillThereAfterTheMaximumWaitIsReportedThenWithTheBestCropSoFar() {
        // Decided at frame 2 (80 ms); wait 2 s: due at the first frame at or after 2.08 s, frame 52.
        // A sharper view after that (frame 100) belongs to no event: the cooldown holds.
        drive(config("tracking.evidence_wait_seconds", "2"), repeat(0.9f, 500), f -> f == 30 || f == 100);
        assertThat(sink.events).hasSize(1);
        assertThat(writtenAfter).containsExactly(52);
        assertThat(sink.events.get(0).time()).isEqualTo(T0.plus(Duration.ofMillis(40L * 30)));
        assertThat(sink.events.get(0).lowEvidence()).isFalse();
    }
}
