package io.maskwatch.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.classifier.data.IncorrectMask;
import io.maskwatch.classifier.data.Label;
import io.maskwatch.classifier.data.LabelledFace;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SyntheticMasksTest {
    private static final Color SKIN = new Color(200, 150, 120);
    private static final LabelledFace.Box BOX = new LabelledFace.Box(13, 13, 87, 87);
    private static final int NOSE_Y = 13 + (int) (74 * 0.58);
    private static final int MOUTH_Y = 13 + (int) (74 * 0.75);

    private final Sample unmasked = new Sample(plainFace(), SKIN, Label.WITHOUT_MASK, BOX);

    @Test
    void halfArePaintedOverTheNoseAndLabelledMaskedTheRestBelowItAndStayUnmasked() {
        SyntheticMasks masks = new SyntheticMasks(1, IncorrectMask.NO_MASK);
        int masked = 0;
        for (int seed = 0; seed < 200; seed++) {
            SyntheticMasks.Drawn drawn = masks.draw(unmasked, new Random(seed));
            boolean noseCovered = drawn.pixels().getRGB(50, NOSE_Y) != SKIN.getRGB();
            assertThat(paintedBelowMouth(drawn.pixels()))
                    .as("seed %d: a mask is painted", seed)
                    .isTrue();
            assertThat(drawn.label())
                    .as("seed %d: label follows the nose", seed)
                    .isEqualTo(noseCovered ? Label.WITH_MASK : Label.WITHOUT_MASK);
            masked += drawn.label() == Label.WITH_MASK ? 1 : 0;
        }
        assertThat(masked).isBetween(70, 130);
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

    private static boolean paintedBelowMouth(BufferedImage image) {
        for (int y = MOUTH_Y; y < image.getHeight(); y++) {
            if (image.getRGB(50, y) != SKIN.getRGB()) {
                return true;
            }
        }
        return false;
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
