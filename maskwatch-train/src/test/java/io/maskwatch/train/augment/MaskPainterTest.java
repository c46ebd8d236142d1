package io.maskwatch.train.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.classifier.data.LabelledFace;
import io.maskwatch.train.augment.MaskPainter.Placement;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
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
    /** No fabric: the mask's pattern is drawn. */
    private static final MaskPainter.Fabric DRAWN = null;

    @ParameterizedTest
    @EnumSource(Placement.class)
    void aRespiratorLeavesTheEyesAloneAndCoversTheNoseOnlyWhenWornProperly(Placement placement) {
        BufferedImage face = plainFace();
        for (int seed = 0; seed < 30; seed++) {
            BufferedImage painted = MaskPainter.paintRespirator(face, BOX, placement, new Random(seed));
            for (int y = 0; y < rowAt(0.3); y++) {
                assertThat(paintedInCentre(painted, y))
                        .as("seed %d row %d: the eyes are left", seed, y)
                        .isZero();
            }
            int nose = paintedInCentre(painted, rowAt(0.58));
            if (placement.covers()) {
                assertThat(nose).as("seed %d: the nose is covered", seed).isEqualTo(30);
                assertThat(paintedInCentre(painted, rowAt(0.85)))
                        .as("seed %d: the chin is covered", seed)
                        .isEqualTo(30);
            } else {
                assertThat(nose).as("seed %d: the nose is out", seed).isZero();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Placement.class)
    void leavesTheEyesAloneAndCoversTheNoseOnlyWhenWornProperly(Placement placement) {
        BufferedImage face = plainFace();
        for (int seed = 0; seed < 30; seed++) {
            BufferedImage painted = MaskPainter.paint(face, BOX, placement, DRAWN, new Random(seed));
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
            if (placement == Placement.ON_NECK) {
                assertThat(paintedInCentre(painted, rowAt(0.8)))
                        .as("seed %d: the mouth is out", seed)
                        .isZero();
                assertThat(paintedInCentre(painted, BOX.y2() + 5))
                        .as("seed %d: the neck is covered", seed)
                        .isEqualTo(30);
            } else {
                assertThat(below).as("seed %d: mouth or chin covered", seed).isGreaterThan(300);
            }
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
        BufferedImage a = MaskPainter.paint(face, BOX, Placement.OVER_NOSE, DRAWN, new Random(4));
        BufferedImage b = MaskPainter.paint(face, BOX, Placement.OVER_NOSE, DRAWN, new Random(4));
        assertThat(a.getRGB(0, 0, SIDE, SIDE, null, 0, SIDE)).isEqualTo(b.getRGB(0, 0, SIDE, SIDE, null, 0, SIDE));
        Set<Integer> colours = new HashSet<>();
        for (int seed = 0; seed < 60; seed++) {
            int p = MaskPainter.paint(face, BOX, Placement.OVER_NOSE, DRAWN, new Random(seed))
                    .getRGB(SIDE / 2, 75);
            // Coarse bins of 64 levels per channel: 64 possible, a handful if masks were all alike.
            colours.add(((p >> 22) & 3) << 4 | ((p >> 14) & 3) << 2 | ((p >> 6) & 3));
        }
        assertThat(colours).hasSizeGreaterThan(15);
    }

    @Test
    void someDrawnMasksTakeATurnedLighterOrDarkerToneOfTheWearersSkin() {
        float[] skin = Color.RGBtoHSB(SKIN.getRed(), SKIN.getGreen(), SKIN.getBlue(), null);
        for (int seed = 0; seed < 40; seed++) {
            Color tone = MaskPainter.skinTone(plainFace(), BOX, new Random(seed));
            float[] hsb = Color.RGBtoHSB(tone.getRed(), tone.getGreen(), tone.getBlue(), null);
            assertThat(Math.abs(hsb[0] - skin[0])).as("seed %d hue", seed).isBetween(0.005f, 0.045f);
            assertThat(Math.abs(hsb[2] / skin[2] - 1))
                    .as("seed %d brightness", seed)
                    .isBetween(0.06f, 0.27f);
        }
        BufferedImage face = plainFace();
        int nearSkin = 0;
        for (int seed = 0; seed < 300; seed++) {
            Color c = new Color(MaskPainter.paint(face, BOX, Placement.OVER_NOSE, DRAWN, new Random(seed))
                    .getRGB(SIDE / 2, rowAt(0.6)));
            float[] hsb = Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null);
            boolean skinLike = Math.abs(hsb[0] - skin[0]) < 0.05
                    && Math.abs(hsb[1] / skin[1] - 1) < 0.35
                    && Math.abs(hsb[2] / skin[2] - 1) < 0.35;
            nearSkin += skinLike ? 1 : 0;
        }
        assertThat(nearSkin).isGreaterThanOrEqualTo(8);
    }

    @Test
    void aFabricFillsTheMaskWithTheClothOfARealMaskAndNothingElseOfItsPicture() {
        BufferedImage donor = maskedFace(Color.RED, Color.GREEN);
        MaskPainter.Fabric fabric = MaskPainter.Fabric.of(donor, BOX).orElseThrow();
        BufferedImage face = plainFace();
        for (int seed = 0; seed < 20; seed++) {
            BufferedImage painted = MaskPainter.paint(face, BOX, Placement.BELOW_NOSE, fabric, new Random(seed));
            for (int y = rowAt(0.8); y < rowAt(0.95); y++) {
                Color c = new Color(painted.getRGB(SIDE / 2, y));
                assertThat(c.getRed() + c.getBlue())
                        .as("seed %d row %d: only the green cloth, no red face", seed, y)
                        .isZero();
                assertThat(c.getGreen())
                        .as("seed %d row %d: lightly shaded", seed, y)
                        .isGreaterThan(150);
            }
        }
    }

    @Test
    void fabricIsCutFromTheLowerMiddleOfTheFaceInsideThePictureAndNeverFromNarrowFaces() {
        BufferedImage picture = plainFace();
        assertThat(MaskPainter.Fabric.of(picture, BOX).orElseThrow().region()).isEqualTo(new Rectangle(28, 57, 44, 23));
        assertThat(MaskPainter.Fabric.of(picture, new LabelledFace.Box(40, 40, 110, 110))
                        .orElseThrow()
                        .region())
                .as("clipped to the picture")
                .isEqualTo(new Rectangle(54, 82, 42, 18));
        assertThat(MaskPainter.Fabric.of(picture, new LabelledFace.Box(10, 10, 29, 29)))
                .as("19 px wide")
                .isEmpty();
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

    /** A face of {@code skin} whose box holds a mask of {@code cloth} from 45 % of its height down. */
    private static BufferedImage maskedFace(Color skin, Color cloth) {
        BufferedImage face = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = face.createGraphics();
        g.setColor(skin);
        g.fillRect(0, 0, SIDE, SIDE);
        g.setColor(cloth);
        g.fillRect(BOX.x1() + 5, rowAt(0.45), BOX.width() - 10, BOX.y2() - rowAt(0.45));
        g.dispose();
        return face;
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
