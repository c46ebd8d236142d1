package io.maskwatch.vision.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.maskwatch.testing.SyntheticFaces;
import io.maskwatch.vision.config.TrackingConfig;
import io.maskwatch.vision.config.VisionSettings;
import io.maskwatch.vision.detect.Detection;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Map;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

/** The evidence measure on drawn faces: sharpness, size, and the configured minimums. */
class CropQualityTest {
    private static final TrackingConfig DEFAULTS = VisionSettings.defaults().tracking();

    /** A drawn unmasked face filling a {@code side} x {@code side} crop (BGR, as frames are). */
    private static Mat face(int side) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(new Color(90, 110, 100));
            g.fillRect(0, 0, side, side);
            SyntheticFaces.draw(g, side / 10, side / 10, side * 8 / 10, side * 8 / 10, false, new Random(3));
        } finally {
            g.dispose();
        }
        Mat mat = new Mat(side, side, CV_8UC3);
        mat.data().put(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
        return mat;
    }

    private static Mat blurred(Mat image, double sigma) {
        Mat out = new Mat();
        GaussianBlur(image, out, new Size(0, 0), sigma);
        return out;
    }

    private static Detection box(int width) {
        return new Detection(100, 100, 100 + width, 100 + width, 0.9f);
    }

    @Test
    void aSharpFaceScoresHigherThanTheSameFaceBlurred() {
        try (Mat sharp = face(96);
                Mat soft = blurred(sharp, 2);
                Mat smeared = blurred(sharp, 4)) {
            double s = FaceImages.sharpness(sharp);
            double b = FaceImages.sharpness(soft);
            double m = FaceImages.sharpness(smeared);
            assertThat(s).isGreaterThan(3 * b);
            assertThat(b).isGreaterThan(m);
        }
    }

    @Test
    void aSmallCropGainsNoEdgesFromBeingEnlargedForTheMeasure() {
        // A 24 px face measured directly must score as that face enlarged smoothly beforehand:
        // enlarging by repeating pixels (what area averaging does when it enlarges) would add block
        // edges and make small, blurred crops look sharper than large, clear ones.
        try (Mat large = face(96);
                Mat small = new Mat();
                Mat smooth = new Mat()) {
            resize(large, small, new Size(24, 24), 0, 0, INTER_AREA);
            resize(small, smooth, new Size(64, 64), 0, 0, INTER_LINEAR);
            assertThat(FaceImages.sharpness(small))
                    .isCloseTo(FaceImages.sharpness(smooth), org.assertj.core.data.Percentage.withPercentage(10));
        }
    }

    @Test
    void aLargeSharpFaceIsJudgeableAndOneBelowEitherMinimumIsNot() {
        try (Mat sharp = face(96);
                Mat smeared = blurred(sharp, 4)) {
            CropQuality good = CropQuality.of(sharp, box(80));
            CropQuality tooBlurred = CropQuality.of(smeared, box(80));
            CropQuality tooSmall = CropQuality.of(sharp, box(DEFAULTS.evidenceMinFace() - 1));

            assertThat(good.faceWidth()).isEqualTo(80);
            assertThat(good.sharpness()).isGreaterThanOrEqualTo(DEFAULTS.evidenceMinSharpness());
            assertThat(good.judgeable(DEFAULTS)).isTrue();
            assertThat(tooBlurred.sharpness()).isLessThan(DEFAULTS.evidenceMinSharpness());
            assertThat(tooBlurred.judgeable(DEFAULTS)).isFalse();
            assertThat(tooSmall.judgeable(DEFAULTS)).isFalse();
        }
    }

    @Test
    void minimumsOfZeroJudgeEveryCrop() {
        TrackingConfig none = VisionSettings.of(
                        Map.of("tracking.evidence_min_face", "0", "tracking.evidence_min_sharpness", "0"))
                .tracking();
        try (Mat sharp = face(96);
                Mat smeared = blurred(sharp, 4)) {
            assertThat(CropQuality.of(smeared, box(5)).judgeable(none)).isTrue();
        }
    }
}
