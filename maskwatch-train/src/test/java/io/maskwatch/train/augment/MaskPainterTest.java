package io.maskwatch.train.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.classifier.data.LabelledFace;
import io.maskwatch.train.augment.MaskPainter.Placement;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MaskPainterTest {
    private static final int SIDE = 100;
    private static final Color SKIN = new Color(200, 150, 120);
    /** The face box inside the crop, as the crop rule leaves it (15 % margin on each side). */
    private static final LabelledFace.Box BOX = new LabelledFace.Box(13, 13, 87, 87);

    @ParameterizedTest
    @EnumSource(Placement.class)
    void leavesTheEyesAloneAndCoversTheNoseOnlyWhenWornProperly(Placement placement) {
        BufferedImage face = plainFace();
        for (int seed = 0; seed < 30; seed++) {
            BufferedImage painted = MaskPainter.paint(face, BOX, placement, new Random(seed));
            int eyesUpTo = rowAt(0.35);
            for (int y = 0; y < eyesUpTo; y++) {
                for (int x = 0; x < SIDE; x++) {
                    assertThat(painted.getRGB(x, y))
                            .as("seed %d pixel %d,%d", seed, x, y)
                            .isEqualTo(SKIN.getRGB());
                }
            }
            int nose = paintedInCentre(painted, rowAt(0.58));
            int below = 0;
            for (int y = rowAt(0.75); y < SIDE; y++) {
                below += paintedInCentre(painted, y);
            }
            assertThat(below).as("seed %d: mouth or chin covered", seed).isGreaterThan(300);
            if (placement.covers()) {
                assertThat(nose).as("seed %d: the nose is covered", seed).isEqualTo(30);
            } else {
                assertThat(nose).as("seed %d: the nose is out", seed).isZero();
            }
        }
        assertThat(face.getRGB(SIDE / 2, 80)).as("the source is not drawn on").isEqualTo(SKIN.getRGB());
    }

    @Test
    void sameSeedSameMaskAndMasksOfManyColours() {
        BufferedImage face = plainFace();
        BufferedImage a = MaskPainter.paint(face, BOX, Placement.OVER_NOSE, new Random(4));
        BufferedImage b = MaskPainter.paint(face, BOX, Placement.OVER_NOSE, new Random(4));
        assertThat(a.getRGB(0, 0, SIDE, SIDE, null, 0, SIDE)).isEqualTo(b.getRGB(0, 0, SIDE, SIDE, null, 0, SIDE));
        Set<Integer> colours = new HashSet<>();
        for (int seed = 0; seed < 60; seed++) {
            int p = MaskPainter.paint(face, BOX, Placement.OVER_NOSE, new Random(seed))
                    .getRGB(SIDE / 2, 75);
            // Coarse bins of 64 levels per channel: 64 possible, a handful if masks were all alike.
            colours.add(((p >> 22) & 3) << 4 | ((p >> 14) & 3) << 2 | ((p >> 6) & 3));
        }
        assertThat(colours).hasSizeGreaterThan(15);
    }

    /** The pixel row at {@code fraction} of the face box's height. */
    private static int rowAt(double fraction) {
        return BOX.y1() + (int) (BOX.height() * fraction);
    }

    /** How many of the 30 pixels across the middle of the face in row {@code y} are no longer skin. */
    private static int paintedInCentre(BufferedImage image, int y) {
        int changed = 0;
        for (int x = SIDE / 2 - 15; x < SIDE / 2 + 15; x++) {
            changed += image.getRGB(x, y) != SKIN.getRGB() ? 1 : 0;
        }
        return changed;
    }

    private static BufferedImage plainFace() {
        BufferedImage face = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = face.createGraphics();
        g.setColor(SKIN);
        g.fillRect(0, 0, SIDE, SIDE);
        g.dispose();
        return face;
    }
}
