package io.maskwatch.vision.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.vision.config.TrackingConfig;
import io.maskwatch.vision.config.VisionSettings;
import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.detect.FaceDetectors;
import io.maskwatch.vision.testing.CollectingEventSink;
import io.maskwatch.vision.testing.FaceSamples;
import io.maskwatch.vision.track.TrackedFace;
import io.maskwatch.vision.track.Tracker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * The second look on real faces and on a sharp patch that is no face: the faces pass, the patch
 * does not, and an event whose crop fails is low-evidence (stored and counted, not sent).
 */
class SecondLookTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void realFacesPassAndASharpPatchOfNoFaceDoesNot() throws Exception {
        try (SecondLook look = secondLook();
                Mat noise = noise()) {
            for (Mat face : FaceSamples.detectable("without_mask", 3, 100)) {
                assertThat(look.faceScore(face))
                        .isGreaterThanOrEqualTo((float) TrackingConfig.DEFAULT_EVIDENCE_MIN_FACE_SCORE);
                face.close();
            }
            assertThat(look.faceScore(noise)).isLessThan(0.3f);
        }
    }

    @Test
    void anEventOnAFaceIsSentAndOneOnNoFaceIsLowEvidence() throws Exception {
        Mat face = FaceSamples.detectable("without_mask", 1, 160).get(0);
        try (SecondLook look = secondLook();
                Mat noise = noise()) {
            TrackingConfig config = VisionSettings.defaults().tracking();
            assertThat(drive(config, look, face).lowEvidence()).isFalse();
            assertThat(drive(config, look, noise).lowEvidence()).isTrue();
            // Switched off, the patch's event is sent like any other sharp, large crop.
            TrackingConfig off = VisionSettings.of(Map.of("tracking.evidence_min_face_score", "0"))
                    .tracking();
            assertThat(drive(off, look, noise).lowEvidence()).isFalse();
        } finally {
            face.close();
        }
    }

    /** One unmasked person over ten frames of {@code image}, the face box its middle; the event. */
    private static FaceEvent drive(TrackingConfig config, SecondLook look, Mat image) {
        CollectingEventSink sink = new CollectingEventSink();
        EventPolicy policy = new EventPolicy(config, "door", sink, false, look, EventIds.random());
        Tracker tracker = new Tracker(config, 0.5, new AtomicLong()::incrementAndGet);
        int w = image.cols();
        int h = image.rows();
        Detection box = new Detection(w * 0.2f, h * 0.15f, w * 0.8f, h * 0.85f, 0.9f);
        FaceCrop crop = FaceCrop.around(box.x1(), box.y1(), box.x2(), box.y2(), 0.1, w, h);
        for (int f = 0; f < 10; f++) {
            TrackedFace face = tracker.update(List.of(box)).get(0);
            boolean vote = face.track().classified(f, 0.95f);
            Instant time = T0.plus(Duration.ofMillis(40L * f));
            policy.classified(face.track(), new Sighting(f, time, image, box, crop, 0.95f, vote, List.of(box)));
            policy.frameDone(time, tracker.ended());
        }
        policy.frameDone(T0.plus(Duration.ofSeconds(1)), tracker.endAll());
        policy.finish();
        assertThat(sink.events).hasSize(1);
        return sink.events.get(0);
    }

    private static SecondLook secondLook() {
        FaceDetectors.Choice yunet =
                new FaceDetectors.Choice(FaceDetectors.Kind.YUNET, FaceSamples.yunetModel(), null, false);
        return SecondLook.by(yunet, TrackingConfig.DEFAULT_EVIDENCE_MIN_FACE_SCORE);
    }

    /** A sharp, textured 160 px patch: passes every size and sharpness minimum, shows no face. */
    private static Mat noise() {
        Mat mat = new Mat(160, 160, CV_8UC3);
        byte[] pixels = new byte[160 * 160 * 3];
        new Random(3).nextBytes(pixels);
        mat.data().put(pixels);
        return mat;
    }
}
