package io.maskwatch.train.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.classifier.data.LabelledFace;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaskPainterTest {
    private static final int SIDE = 100;
    private static final Color SKIN = new Color(200, 150, 120);
    /** The face box inside the crop, as the crop rule leaves it (15 % margin on each side). */
    private static final LabelledFace.Box BOX = new LabelledFace.Box(13, 13, 87, 87);

    @Test
    void paintsNoseMouthAndChinAndLeavesTheEyesAlone() {
        BufferedImage face = plainFace();
        for (int seed = 0; seed < 30; seed++) {
            BufferedImage painted = MaskPainter.paint(face, BOX, new Random(seed));
            int eyesUpTo = BOX.y1() + (int) (BOX.height() * 0.35);
            for (int y = 0; y < eyesUpTo; y++) {
                for (int x = 0; x < SIDE; x++) {
                    assertThat(painted.getRGB(x, y))
                            .as("seed %d pixel %d,%d", seed, x, y)
                            .isEqualTo(SKIN.getRGB());
                }
            }
            int mouthY = BOX.y1() + (int) (BOX.height() * 0.75);
            int changed = 0;
            for (int x = BOX.x1() + 20; x < BOX.x2() - 20; x++) {
                changed += painted.getRGB(x, mouthY) != SKIN.getRGB() ? 1 : 0;
            }
            assertThat(changed).as("seed %d: the mouth is covered", seed).isGreaterThan(25);
        }
        assertThat(face.getRGB(SIDE / 2, 80)).as("the source is not drawn on").isEqualTo(SKIN.getRGB());
    }

    @Test
    void sameSeedSameMaskAndMasksOfManyColours() {
        BufferedImage face = plainFace();
        BufferedImage a = MaskPainter.paint(face, BOX, new Random(4));
        BufferedImage b = MaskPainter.paint(face, BOX, new Random(4));
        assertThat(a.getRGB(0, 0, SIDE, SIDE, null, 0, SIDE)).isEqualTo(b.getRGB(0, 0, SIDE, SIDE, null, 0, SIDE));
        Set<Integer> colours = new HashSet<>();
        for (int seed = 0; seed < 60; seed++) {
            int p = MaskPainter.paint(face, BOX, new Random(seed)).getRGB(SIDE / 2, 75);
            // Coarse bins of 64 levels per channel: 64 possible, a handful if masks were all alike.
            colours.add(((p >> 22) & 3) << 4 | ((p >> 14) & 3) << 2 | ((p >> 6) & 3));
        }
        assertThat(colours).hasSizeGreaterThan(15);
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
