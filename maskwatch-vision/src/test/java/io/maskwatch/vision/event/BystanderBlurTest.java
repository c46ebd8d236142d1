package io.maskwatch.vision.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_core.findNonZero;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.boundingRect;

import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.classifier.ModelLocator;
import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.testing.SharedData;
import io.maskwatch.vision.config.TrackingConfig;
import io.maskwatch.vision.config.VisionSettings;
import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.detect.VocAnnotations;
import io.maskwatch.vision.testing.CollectingEventSink;
import io.maskwatch.vision.testing.Detail;
import io.maskwatch.vision.track.TrackedFace;
import io.maskwatch.vision.track.Tracker;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/**
 * {@code tracking.blur_bystanders}: the other faces in an event's crop lose their detail, the
 * subject's face keeps every pixel. The bound, as docs/detection.md states it: inside a blurred
 * bystander's box (its part in the crop, outside the subject's box) the variance of the Laplacian
 * falls below 5 % of what it was.
 */
class BystanderBlurTest {
    private static final double MAX_DETAIL_LEFT = 0.05;

    /** The crop margin of the shipped classifier: crops are cut as detect cuts them. */
    private static final double MARGIN = ModelManifest.read(
                    SharedData.repoRoot().resolve(ModelLocator.SHIPPED_MODEL))
            .cropMargin();

    private static final Detection SUBJECT = new Detection(60, 60, 140, 160, 0.9f);

    @Test
    void aNeighboursFaceInTheCropLosesItsDetailAndTheSubjectKeepsEveryPixel() {
        Detection neighbour = new Detection(146, 70, 210, 150, 0.9f);
        try (Mat frame = textured(320, 240, SUBJECT, neighbour)) {
            Blurred b = blur(frame, SUBJECT, List.of(SUBJECT, neighbour));

            assertThat(b.bystanders).containsExactly(neighbour);
            assertThat(changedPixels(b.before, b.after, b.inCrop(SUBJECT))).isZero();
            assertThat(b.detailKept(neighbour)).isLessThan(MAX_DETAIL_LEFT);
            // Only the neighbour's box, enlarged by a fifth on each side, changes.
            int[] changed = changedArea(b.before, b.after);
            int[] allowed = b.inCrop(new Detection(146 - 12.8f, 70 - 16, 210 + 12.8f, 150 + 16, 1));
            assertThat(changed[0]).isGreaterThanOrEqualTo(allowed[0]);
            assertThat(changed[1]).isGreaterThanOrEqualTo(allowed[1]);
            assertThat(changed[2]).isLessThanOrEqualTo(allowed[2]);
            assertThat(changed[3]).isLessThanOrEqualTo(allowed[3]);
            b.close();
        }
    }

    @Test
    void aNeighbourOverlappingTheSubjectIsBlurredOnlyOutsideTheSubjectsBox() {
        Detection overlapping = new Detection(118, 30, 190, 112, 0.9f);
        try (Mat frame = textured(320, 240, SUBJECT, overlapping)) {
            Blurred b = blur(frame, SUBJECT, List.of(overlapping, SUBJECT));

            assertThat(changedPixels(b.before, b.after, b.inCrop(SUBJECT))).isZero();
            assertThat(b.detailKept(overlapping)).isLessThan(MAX_DETAIL_LEFT);
            b.close();
        }
    }

    @Test
    void facesOutsideTheCropAndTheSubjectItselfAreNoBystanders() {
        FaceCrop region = FaceCrop.around(60, 60, 140, 160, MARGIN, 640, 480);
        Detection far = new Detection(400, 60, 480, 160, 0.9f);
        Detection near = new Detection(150, 60, 230, 160, 0.9f);
        Detection sameBoxAgain = new Detection(60, 60, 140, 160, 0.9f);

        assertThat(BystanderBlur.bystanders(SUBJECT, region, List.of(far, SUBJECT, near, sameBoxAgain)))
                .containsExactly(near);
    }

    /**
     * A real photo of ../shared: the first face of a row of people, at the photo's left edge, so
     * that its crop (shifted to stay inside the photo) holds most of the next person's face.
     */
    @Test
    void onARealPhotoTheNextPersonsFaceIsBlurredAndTheSubjectsIsNot() throws Exception {
        Path scenes = SharedData.require("data/mask-scenes");
        List<Detection> faces = VocAnnotations.read(scenes.resolve("annotations/maksssksksss501.xml")).stream()
                .map(VocAnnotations.Box::asDetection)
                .toList();
        Detection subject = faces.stream().filter(f -> f.x1() < 5).findFirst().orElseThrow();
        Detection next = faces.stream()
                .filter(f -> f.x1() > 40 && f.x1() < 60)
                .findFirst()
                .orElseThrow();
        try (Mat photo = imread(scenes.resolve("images/maksssksksss501.jpg").toString())) {
            Blurred b = blur(photo, subject, faces);

            assertThat(b.bystanders).containsExactly(next);
            assertThat(changedPixels(b.before, b.after, b.inCrop(subject))).isZero();
            double kept = b.detailKept(next);
            System.out.printf("maksssksksss501: the next face keeps %.2f %% of its Laplacian variance%n", 100 * kept);
            assertThat(kept).isLessThan(MAX_DETAIL_LEFT);
            b.close();
        }
    }

    /** Through the event policy, which cuts, blurs and encodes the crop an event carries. */
    @Test
    void theEventsStoredCropShowsTheBystanderBlurredOnlyWhenAsked() {
        Detection neighbour = new Detection(146, 70, 210, 150, 0.9f);
        try (Mat frame = textured(320, 240, SUBJECT, neighbour)) {
            FaceEvent plain = eventOf(frame, neighbour, false);
            FaceEvent blurred = eventOf(frame, neighbour, true);
            FaceCrop region = FaceCrop.around(60, 60, 140, 160, MARGIN, 320, 240);
            try (Mat plainCrop = decode(plain);
                    Mat blurredCrop = decode(blurred)) {
                int[] subjectBox = shifted(SUBJECT, region);
                int[] neighbourBox = shifted(neighbour, region);
                double before = Detail.laplacianVariance(plainCrop, neighbourBox, subjectBox);
                double after = Detail.laplacianVariance(blurredCrop, neighbourBox, subjectBox);
                assertThat(after / before).isLessThan(MAX_DETAIL_LEFT);
                // JPEG blocks that straddle the subject's box and the blur differ a little.
                assertThat(Detail.laplacianVariance(blurredCrop, subjectBox)
                                / Detail.laplacianVariance(plainCrop, subjectBox))
                        .isBetween(0.95, 1.05);
            }
            // The evidence is judged on the crop as cut: the blur changes the picture, nothing else.
            assertThat(blurred.sharpness()).isEqualTo(plain.sharpness());
            assertThat(blurred.lowEvidence()).isEqualTo(plain.lowEvidence());
        }
    }

    private static FaceEvent eventOf(Mat frame, Detection neighbour, boolean blurBystanders) {
        TrackingConfig config = VisionSettings.of(Map.of("tracking.blur_bystanders", String.valueOf(blurBystanders)))
                .tracking();
        CollectingEventSink sink = new CollectingEventSink();
        EventPolicy policy = new EventPolicy(config, "photo", sink, true);
        Tracker tracker = new Tracker(config, 0.5, new AtomicLong()::incrementAndGet);
        TrackedFace face = tracker.update(List.of(SUBJECT, neighbour)).stream()
                .filter(f -> f.box().equals(SUBJECT))
                .findFirst()
                .orElseThrow();
        boolean vote = face.track().classified(0, 0.95f);
        FaceCrop region = FaceCrop.around(60, 60, 140, 160, MARGIN, frame.cols(), frame.rows());
        Instant time = Instant.parse("2025-03-01T10:00:00Z");
        policy.classified(
                face.track(), new Sighting(0, time, frame, SUBJECT, region, 0.95f, vote, List.of(SUBJECT, neighbour)));
        policy.frameDone(time, tracker.endAll());
        assertThat(sink.events).hasSize(1);
        return sink.events.get(0);
    }

    /** A crop cut around {@code subject} as an event's is, before and after the blur. */
    private record Blurred(Mat before, Mat after, FaceCrop region, Detection subject, List<Detection> bystanders) {
        int[] inCrop(Detection d) {
            return shifted(d, region);
        }

        /** The share of {@code bystander}'s Laplacian variance left (its part in the crop, outside the subject's box). */
        double detailKept(Detection bystander) {
            int[] box = inCrop(bystander);
            int[] kept = inCrop(subject);
            return Detail.laplacianVariance(after, box, kept) / Detail.laplacianVariance(before, box, kept);
        }

        void close() {
            before.close();
            after.close();
        }
    }

    private static Blurred blur(Mat frame, Detection subject, List<Detection> frameFaces) {
        FaceCrop region = FaceCrop.around(
                subject.x1(), subject.y1(), subject.x2(), subject.y2(), MARGIN, frame.cols(), frame.rows());
        Mat before;
        try (Rect rect = new Rect(region.x1(), region.y1(), region.width(), region.height());
                Mat cut = new Mat(frame, rect)) {
            before = cut.clone();
        }
        Mat after = before.clone();
        List<Detection> bystanders = BystanderBlur.bystanders(subject, region, frameFaces);
        BystanderBlur.blur(after, region, subject, bystanders);
        return new Blurred(before, after, region, subject, bystanders);
    }

    private static int[] shifted(Detection d, FaceCrop region) {
        return new int[] {
            (int) Math.floor(d.x1()) - region.x1(),
            (int) Math.floor(d.y1()) - region.y1(),
            (int) Math.ceil(d.x2()) - region.x1(),
            (int) Math.ceil(d.y2()) - region.y1()
        };
    }

    /** A grey frame with a patch of fine random texture (a stand-in for a face's detail) in each box. */
    private static Mat textured(int width, int height, Detection... faces) {
        Mat frame = new Mat(height, width, CV_8UC3, new Scalar(150, 160, 170, 0));
        Random random = new Random(11);
        for (Detection f : faces) {
            int w = Math.round(f.width());
            int h = Math.round(f.height());
            byte[] noise = new byte[w * h * 3];
            random.nextBytes(noise);
            try (Mat patch = new Mat(h, w, CV_8UC3);
                    Rect rect = new Rect(Math.round(f.x1()), Math.round(f.y1()), w, h);
                    Mat into = new Mat(frame, rect)) {
                patch.data().put(noise);
                patch.copyTo(into);
            }
        }
        return frame;
    }

    private static long changedPixels(Mat a, Mat b, int[] box) {
        try (Rect rect = new Rect(box[0], box[1], box[2] - box[0], box[3] - box[1]);
                Mat pa = new Mat(a, rect);
                Mat pb = new Mat(b, rect);
                Mat diff = new Mat()) {
            absdiff(pa, pb, diff);
            try (Mat channels = diff.reshape(1, 0)) {
                return countNonZero(channels);
            }
        }
    }

    /** The columns and rows in which {@code a} and {@code b} differ: x1, y1, x2, y2 (exclusive). */
    private static int[] changedArea(Mat a, Mat b) {
        try (Mat diff = new Mat();
                Mat points = new Mat()) {
            absdiff(a, b, diff);
            // One value per channel in a row: a change in any channel counts.
            try (Mat values = diff.reshape(1, 0)) {
                findNonZero(values, points);
            }
            try (Rect r = boundingRect(points)) {
                int channels = a.channels();
                return new int[] {
                    r.x() / channels, r.y(), (r.x() + r.width() + channels - 1) / channels, r.y() + r.height()
                };
            }
        }
    }

    private static Mat decode(FaceEvent event) {
        return imdecode(new Mat(new BytePointer(event.image())), IMREAD_COLOR);
    }
}
