package io.maskwatch.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.classifier.data.IncorrectMask;
import io.maskwatch.classifier.data.Label;
import io.maskwatch.classifier.data.LabelledFace;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SyntheticMasksTest {
    private static final Color SKIN = new Color(200, 150, 120);
    private static final Color CLOTH = new Color(0, 220, 0);
    private static final LabelledFace.Box BOX = new LabelledFace.Box(13, 13, 87, 87);
    private static final int NOSE_Y = 13 + (int) (74 * 0.58);
    private static final int MOUTH_Y = 13 + (int) (74 * 0.75);

    private final Sample unmasked = new Sample(plainFace(), SKIN, Label.WITHOUT_MASK, BOX);

    @Test
    void halfArePaintedOverTheNoseAndLabelledMaskedTheRestBelowItAndStayUnmasked() {
        SyntheticMasks masks = new SyntheticMasks(1, IncorrectMask.NO_MASK);
        int masked = 0;
        for (int seed = 0; seed < 200; seed++) {
            SyntheticMasks.Drawn drawn = drawnAndLabelledByTheNose(masks, seed);
            masked += drawn.label() == Label.WITH_MASK ? 1 : 0;
        }
        assertThat(masked).isBetween(70, 130);
    }

    @Test
    void respiratorsTakeTheirShareOfTheDrawnMasksAndTheirLabelFollowsTheNoseAsAnyMasks() {
        SyntheticMasks masks = new SyntheticMasks(1, IncorrectMask.NO_MASK, 0, 0.5, List.of());
        SyntheticMasks flat = new SyntheticMasks(1, IncorrectMask.NO_MASK);
        int respirators = 0;
        for (int seed = 0; seed < 200; seed++) {
            SyntheticMasks.Drawn drawn = drawnAndLabelledByTheNose(masks, seed);
            respirators += strapLeftOfTheJaw(drawn.pixels()) ? 1 : 0;
        }
        for (int seed = 0; seed < 200; seed++) {
            assertThat(strapLeftOfTheJaw(flat.draw(unmasked, new Random(seed)).pixels()))
                    .as("seed %d: a flat mask and its ear loops stay off the left of the jaw", seed)
                    .isFalse();
        }
        assertThat(respirators).as("of 200 draws, those painted as respirators").isBetween(70, 130);
    }

    /** A draw with {@code seed}, checked: a mask is painted, and the label says whether it covers the nose. */
    private SyntheticMasks.Drawn drawnAndLabelledByTheNose(SyntheticMasks masks, int seed) {
        SyntheticMasks.Drawn drawn = masks.draw(unmasked, new Random(seed));
        boolean noseCovered = drawn.pixels().getRGB(50, NOSE_Y) != SKIN.getRGB();
        assertThat(paintedBelowMouth(drawn.pixels()))
                .as("seed %d: a mask is painted", seed)
                .isTrue();
        assertThat(drawn.label())
                .as("seed %d: label follows the nose", seed)
                .isEqualTo(noseCovered ? Label.WITH_MASK : Label.WITHOUT_MASK);
        return drawn;
    }

    /**
     * Paint left of the face box (2 px clear of it), from 80 % of its height down: only a respirator's
     * lower head strap reaches there; ear loops end beside the box at 40 % of its height.
     */
    private static boolean strapLeftOfTheJaw(BufferedImage image) {
        for (int y = BOX.y1() + (int) (BOX.height() * 0.8); y < BOX.y2(); y++) {
            for (int x = 0; x < BOX.x1() - 2; x++) {
                if (image.getRGB(x, y) != SKIN.getRGB()) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void incorrectMaskDecidesWhatAMaskBelowTheNoseIs() {
        for (IncorrectMask incorrect : new IncorrectMask[] {IncorrectMask.MASK, IncorrectMask.SKIP}) {
            SyntheticMasks masks = new SyntheticMasks(1, incorrect);
            for (int seed = 0; seed < 50; seed++) {
                SyntheticMasks.Drawn drawn = masks.draw(unmasked, new Random(seed));
                assertThat(drawn.label()).isEqualTo(Label.WITH_MASK);
                if (incorrect == IncorrectMask.SKIP) {
                    assertThat(drawn.pixels().getRGB(50, NOSE_Y)).isNotEqualTo(SKIN.getRGB());
                }
            }
        }
    }

    @Test
    void maskedFacesFacesWithoutABoxAndProbabilityZeroAreLeftAsTheyAre() {
        Sample masked = new Sample(plainFace(), SKIN, Label.WITH_MASK, BOX);
        Sample whole = new Sample(plainFace(), SKIN, Label.WITHOUT_MASK, null);
        SyntheticMasks always = new SyntheticMasks(1, IncorrectMask.NO_MASK);
        for (Sample sample : new Sample[] {masked, whole}) {
            SyntheticMasks.Drawn drawn = always.draw(sample, new Random(1));
            assertThat(drawn.pixels()).isSameAs(sample.pixels());
            assertThat(drawn.label()).isEqualTo(sample.label());
        }
        Random random = new Random(1);
        assertThat(SyntheticMasks.NONE.draw(unmasked, random).pixels()).isSameAs(unmasked.pixels());
        assertThat(random.nextLong()).as("no number drawn when off").isEqualTo(new Random(1).nextLong());
    }

    @Test
    void realFabricCutsItsShareOfTheMasksFromWideEnoughMaskedFacesWithAKnownBox() {
        Sample donor = new Sample(maskedFace(CLOTH), SKIN, Label.WITH_MASK, BOX);
        Sample narrow = new Sample(maskedFace(CLOTH), SKIN, Label.WITH_MASK, new LabelledFace.Box(40, 40, 55, 55));
        Sample whole = new Sample(maskedFace(CLOTH), SKIN, Label.WITH_MASK, null);
        SyntheticMasks masks =
                SyntheticMasks.from(1, IncorrectMask.NO_MASK, 0.5, 0, List.of(unmasked, donor, narrow, whole));
        assertThat(masks.fabrics()).hasSize(1);
        int cut = 0;
        for (int seed = 0; seed < 200; seed++) {
            Color mouth =
                    new Color(masks.draw(unmasked, new Random(seed)).pixels().getRGB(50, MOUTH_Y + 8));
            cut += mouth.getRed() == 0 && mouth.getBlue() == 0 && mouth.getGreen() > 150 ? 1 : 0;
        }
        assertThat(cut).isBetween(70, 130);
        assertThat(SyntheticMasks.from(1, IncorrectMask.NO_MASK, 0, 0, List.of(donor))
                        .fabrics())
                .as("none cut when not asked for")
                .isEmpty();
    }

    private static boolean paintedBelowMouth(BufferedImage image) {
        for (int y = MOUTH_Y; y < image.getHeight(); y++) {
            if (image.getRGB(50, y) != SKIN.getRGB()) {
                return true;
            }
        }
        return false;
    }

    /** A face with a mask of {@code cloth} over the lower half of its box. */
    private static BufferedImage maskedFace(Color cloth) {
        BufferedImage face = plainFace();
        Graphics2D g = face.createGraphics();
        g.setColor(cloth);
        g.fillRect(BOX.x1(), 50, BOX.width(), BOX.y2() - 50);
        g.dispose();
        return face;
    }

    private static BufferedImage plainFace() {
        BufferedImage face = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = face.createGraphics();
        g.setColor(SKIN);
        g.fillRect(0, 0, 100, 100);
        g.dispose();
        return face;
    }
}
