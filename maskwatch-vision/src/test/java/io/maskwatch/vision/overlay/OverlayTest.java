package io.maskwatch.vision.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.pipeline.FaceResult;
import io.maskwatch.vision.track.MaskLabel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Captions say the drawn label's probability, and in a crowd they do not cover one another. */
class OverlayTest {

    @Test
    void captionShowsTheProbabilityOfTheDrawnLabel() {
        // A face judged masked whose no-mask probability is 0.293: its FaceResult holds 0.707.
        assertThat(Overlay.labelText(face(MaskLabel.MASK, 1 - 0.293, 3))).isEqualTo("Mask 70.7%");
        assertThat(Overlay.labelText(face(MaskLabel.NO_MASK, 0.87, 4))).isEqualTo("No Mask 87.0%");
        assertThat(Overlay.caption(face(MaskLabel.NO_MASK, 0.87, 4))).isEqualTo("No Mask 87.0% #4");
    }

    @Test
    void facesTooSmallOrNotClassifiedShowOnlyTheirTrack() {
        assertThat(Overlay.labelText(face(MaskLabel.TOO_SMALL, Double.NaN, 5))).isNull();
        assertThat(Overlay.caption(face(MaskLabel.TOO_SMALL, Double.NaN, 5))).isEqualTo("#5");
        assertThat(Overlay.caption(face(MaskLabel.UNKNOWN, 0, 6))).isEqualTo("#6");
    }

    @Test
    void captionsOfACrowdInARowDoNotOverlap() {
        LabelLayout layout = new LabelLayout(640, 360);
        int placed = 0;
        for (int i = 0; i < 30; i++) {
            // 18 px faces 20 px apart; each caption is about five faces wide.
            int[] box = {10 + 20 * i, 150, 28 + 20 * i, 170};
            if (layout.place(box, 96, 16) != null) {
                placed++;
            }
        }
        List<int[]> rects = layout.placed();
        assertThat(rects).hasSize(placed);
        // Above, below and inside: three rows of captions, each with room for several.
        assertThat(placed).isGreaterThanOrEqualTo(9).isLessThan(30);
        for (int i = 0; i < rects.size(); i++) {
            int[] r = rects.get(i);
            assertThat(r[0]).isGreaterThanOrEqualTo(0);
            assertThat(r[1]).isGreaterThanOrEqualTo(0);
            assertThat(r[2]).isLessThanOrEqualTo(640);
            assertThat(r[3]).isLessThanOrEqualTo(360);
            for (int j = i + 1; j < rects.size(); j++) {
                assertThat(LabelLayout.overlap(r, rects.get(j)))
                        .as("caption %d and %d overlap", i, j)
                        .isFalse();
            }
        }
    }

    @Test
    void aCaptionGoesAboveItsBoxThenBelowThenInside() {
        LabelLayout layout = new LabelLayout(640, 360);
        int[] box = {100, 100, 160, 170};
        assertThat(layout.place(box, 80, 16)).containsExactly(100, 84, 180, 100);
        assertThat(layout.place(box, 80, 16)).containsExactly(100, 171, 180, 187);
        assertThat(layout.place(box, 80, 16)).containsExactly(100, 100, 180, 116);
        assertThat(layout.place(box, 80, 16)).isNull();
    }

    @Test
    void aCaptionAtTheTopEdgeGoesBelowAndAtTheRightEdgeShiftsLeft() {
        LabelLayout layout = new LabelLayout(640, 360);
        assertThat(layout.place(new int[] {600, 5, 630, 40}, 80, 16)).containsExactly(560, 41, 640, 57);
    }

    @Test
    void aCaptionAvoidsCoveringAnotherFaceWhenItCan() {
        int[] own = {100, 100, 160, 170};
        int[] behind = {110, 60, 150, 95};
        LabelLayout layout = new LabelLayout(640, 360, List.of(own, behind));
        assertThat(layout.place(own, 80, 16)).containsExactly(100, 171, 180, 187);

        int[] below = {110, 175, 150, 215};
        int[] inside = {100, 100, 180, 116};
        // Faces above and below: inside its own box, which covers only its own face.
        assertThat(new LabelLayout(640, 360, List.of(own, behind, below)).place(own, 80, 16))
                .containsExactly(inside);
        // Every place covers a face: the first one free of captions is still taken.
        int[] near = {170, 100, 200, 130};
        assertThat(new LabelLayout(640, 360, List.of(own, behind, below, near)).place(own, 80, 16))
                .containsExactly(100, 84, 180, 100);
    }

    @Test
    void smallFacesGetASmallerFont() {
        assertThat(Overlay.fontScale(20)).isLessThan(Overlay.fontScale(80));
    }

    private static FaceResult face(MaskLabel label, double probability, long track) {
        return new FaceResult(new Detection(10, 10, 50, 50, 0.9f), label, probability, track);
    }
}
