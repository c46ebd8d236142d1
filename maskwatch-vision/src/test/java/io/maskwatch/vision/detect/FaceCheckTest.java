package io.maskwatch.vision.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The face check on made-up detections: a 100 x 130 box at (100, 100) in a 640 x 480 image. */
class FaceCheckTest {
    private static final int W = 640;
    private static final int H = 480;

    private final FaceCheck check = new FaceCheck(FaceCheck.Settings.DEFAULT);

    /** Where YuNet puts a frontal face's points in such a box (person's right eye on the image's left). */
    private static final float[] FRONTAL = {130, 150, 170, 150, 150, 175, 135, 200, 165, 200};

    private static Detection face(float score, float[] points) {
        return new Detection(100, 100, 200, 230, score, points == null ? null : Landmarks.of(points));
    }

    private FaceCheck.Verdict judge(Detection d) {
        return check.judge(d, W, H);
    }

    @Test
    void aFrontalFacePasses() {
        assertThat(judge(face(0.9f, FRONTAL))).isEqualTo(FaceCheck.Verdict.FACE);
    }

    @Test
    void aTurnedOrMaskedFacePasses() {
        // Head turned: eyes close together on one side, the nose near the box's edge.
        float[] profile = {112, 152, 130, 150, 108, 178, 115, 202, 130, 201};
        assertThat(judge(face(0.8f, profile))).isEqualTo(FaceCheck.Verdict.FACE);
        // Masked: YuNet guesses mouth corners through the mask, here nearly level with the nose.
        float[] masked = {130, 150, 170, 150, 150, 180, 135, 176, 165, 177};
        assertThat(judge(face(0.8f, masked))).isEqualTo(FaceCheck.Verdict.FACE);
    }

    @Test
    void landmarksUpsideDownCollapsedOrOutsideTheBoxFail() {
        float[] upsideDown = {170, 210, 130, 210, 150, 185, 165, 160, 135, 160};
        assertThat(judge(face(0.9f, upsideDown))).isEqualTo(FaceCheck.Verdict.LANDMARKS);
        float[] collapsed = {150, 160, 150, 160, 150, 160, 150, 160, 150, 160};
        assertThat(judge(face(0.9f, collapsed))).isEqualTo(FaceCheck.Verdict.LANDMARKS);
        float[] outside = FRONTAL.clone();
        outside[8] = 320; // the left mouth corner a box width to the right
        assertThat(judge(face(0.9f, outside))).isEqualTo(FaceCheck.Verdict.LANDMARKS);
        float[] tilted = {130, 130, 170, 170, 150, 190, 135, 205, 165, 215};
        assertThat(judge(face(0.9f, tilted))).isEqualTo(FaceCheck.Verdict.LANDMARKS);
    }

    @Test
    void aPointBeyondASideCutByTheImageEdgeIsAllowed() {
        // A face half out of the image on the left: the box was clipped at x = 0, the eye was not.
        float[] cut = {-30, 150, 10, 150, -10, 175, -25, 200, 5, 200};
        Detection atEdge = new Detection(0, 100, 80, 230, 0.9f, Landmarks.of(cut));
        assertThat(check.judge(atEdge, W, H)).isEqualTo(FaceCheck.Verdict.FACE);
        Detection inside = new Detection(60, 100, 140, 230, 0.9f, Landmarks.of(cut));
        assertThat(check.judge(inside, W, H)).isEqualTo(FaceCheck.Verdict.LANDMARKS);
    }

    @Test
    void aBoxNoFaceHasFails() {
        Detection wide = new Detection(100, 100, 500, 200, 0.9f);
        assertThat(judge(wide)).isEqualTo(FaceCheck.Verdict.BOX_SHAPE);
        Detection tall = new Detection(100, 0, 200, 400, 0.9f);
        assertThat(judge(tall)).isEqualTo(FaceCheck.Verdict.BOX_SHAPE);
    }

    @Test
    void aLowScoreFails() {
        assertThat(judge(face(0.62f, FRONTAL))).isEqualTo(FaceCheck.Verdict.LOW_SCORE);
        assertThat(judge(face(0.64f, FRONTAL))).isEqualTo(FaceCheck.Verdict.FACE);
    }

    @Test
    void withoutLandmarksOnlyTheBoxAndScoreAreJudged() {
        assertThat(judge(face(0.9f, null))).isEqualTo(FaceCheck.Verdict.FACE);
        assertThat(judge(face(0.5f, null))).isEqualTo(FaceCheck.Verdict.LOW_SCORE);
        assertThat(judge(new Detection(100, 100, 400, 175, 0.9f))).isEqualTo(FaceCheck.Verdict.BOX_SHAPE);
    }

    @Test
    void theBoundsFollowTheSettings() {
        FaceCheck strict = new FaceCheck(new FaceCheck.Settings(true, 0.95, 1.0, 1.2));
        assertThat(strict.judge(face(0.9f, FRONTAL), W, H)).isEqualTo(FaceCheck.Verdict.LOW_SCORE);
        assertThat(strict.judge(face(0.96f, FRONTAL), W, H)).isEqualTo(FaceCheck.Verdict.BOX_SHAPE);
    }

    @Test
    void scalingAndClippingCarryTheLandmarks() {
        Detection d = face(0.9f, FRONTAL);
        Detection half = d.scaled(0.5);
        assertThat(half.landmarks().rightEye()).isEqualTo(new Landmarks.Point(65, 75));
        assertThat(half.landmarks().leftMouth()).isEqualTo(new Landmarks.Point(82.5f, 100));
        assertThat(check.judge(half, W / 2, H / 2)).isEqualTo(FaceCheck.Verdict.FACE);
        Detection clipped = d.clipped(150, 150);
        assertThat(clipped.x2()).isEqualTo(150);
        assertThat(clipped.landmarks()).isEqualTo(d.landmarks());
        assertThat(new Detection(1, 2, 3, 4, 0.5f).landmarks()).isNull();
        assertThat(new Detection(1, 2, 3, 4, 0.5f).scaled(2).hasLandmarks()).isFalse();
    }
}
