package io.maskwatch.train.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.classifier.FaceTensors;
import io.maskwatch.testing.SyntheticFaces;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmenterTest {
    private final BufferedImage face = SyntheticFaces.crop(80, false, new Random(1));

    @Test
    void sameSeedSameImageOtherSeedOtherImage() {
        Augmenter augmenter = new Augmenter(Augmenter.Settings.colour(), 48);
        int[] a = augmenter.apply(face, Augmenter.averageColor(face), new Random(7));
        int[] b = augmenter.apply(face, Augmenter.averageColor(face), new Random(7));
        int[] c = augmenter.apply(face, Augmenter.averageColor(face), new Random(8));
        assertThat(a).hasSize(48 * 48).isEqualTo(b);
        assertThat(meanAbsDifference(a, c)).isGreaterThan(5);
    }

    @Test
    void noAugmentationIsExactlyTheProductionResize() {
        // Shrinking (80 -> 40) and enlarging (30 -> 40): training feeds the network the pixels
        // detect would, to the last bit.
        for (BufferedImage crop : List.of(face, SyntheticFaces.crop(30, false, new Random(2)))) {
            Augmenter augmenter = new Augmenter(Augmenter.Settings.none(), 40);
            int[] plain = augmenter.apply(crop, Augmenter.averageColor(crop), new Random(1));
            assertThat(plain).isEqualTo(FaceTensors.resizedPacked(crop, 40, 40));
        }
    }

    @Test
    void augmentationKeepsTheFaceRecognisable() {
        // Mean change stays moderate: the face is transformed, not replaced by noise.
        Augmenter augmenter = new Augmenter(Augmenter.Settings.colour(), 40);
        int[] plain =
                new Augmenter(Augmenter.Settings.none(), 40).apply(face, Augmenter.averageColor(face), new Random(1));
        double total = 0;
        for (int seed = 0; seed < 20; seed++) {
            total += meanAbsDifference(plain, augmenter.apply(face, Augmenter.averageColor(face), new Random(seed)));
        }
        assertThat(total / 20).isBetween(3.0, 90.0);
    }

    @Test
    void grayscaleLeavesNoColour() {
        Augmenter gray = new Augmenter(colourOnly(0, 0, 1), 40);
        int[] pixels = gray.apply(face, Augmenter.averageColor(face), new Random(3));
        for (int p : pixels) {
            assertThat((p >> 16) & 0xFF).isEqualTo((p >> 8) & 0xFF).isEqualTo(p & 0xFF);
        }
    }

    @Test
    void hueRotationChangesColourButKeepsBrightness() {
        int[] plain =
                new Augmenter(Augmenter.Settings.none(), 40).apply(face, Augmenter.averageColor(face), new Random(1));
        int[] rotated = new Augmenter(colourOnly(1, 0, 0), 40).apply(face, Augmenter.averageColor(face), new Random(5));
        assertThat(meanAbsDifference(plain, rotated)).isGreaterThan(10);
        for (int i = 0; i < plain.length; i++) {
            assertThat(maxChannel(rotated[i])).isCloseTo(maxChannel(plain[i]), org.assertj.core.data.Offset.offset(2));
        }
    }

    @Test
    void zoomingOutShrinksTheFaceIntoTheFillColour() {
        java.awt.Color fill = new java.awt.Color(10, 200, 30);
        var settings = Augmenter.Settings.none().withColourChanges(0, 0, 0, 1, 0.6);
        int[] pixels = new Augmenter(settings, 40).apply(face, fill, new Random(2));
        // Scale <= 1 around the centre: the outermost ring of pixels is all fill, unless the
        // random scale came out at almost exactly 1.
        int rgb = fill.getRGB() & 0xFFFFFF;
        long fillBorder = java.util.stream.IntStream.range(0, 40)
                .filter(x -> pixels[x] == rgb && pixels[39 * 40 + x] == rgb)
                .count();
        assertThat(fillBorder).isGreaterThan(30);
        assertThat(pixels[20 * 40 + 20]).isNotEqualTo(rgb);
    }

    @Test
    void standardIsColourWithoutColourAndZoomOut() {
        Augmenter.Settings basic = Augmentation.STANDARD.settings();
        Augmenter.Settings colour = Augmentation.COLOUR.settings();
        assertThat(basic.rotationDegrees()).isEqualTo(colour.rotationDegrees());
        assertThat(basic.downscaleProbability()).isEqualTo(colour.downscaleProbability());
        assertThat(basic.hueProbability() + basic.saturation() + basic.grayscaleProbability())
                .isZero();
        assertThat(basic.zoomOutProbability()).isZero();
        assertThat(colour.hueProbability()).isPositive();
        assertThat(colour.zoomOutProbability()).isPositive();
        // Without colour changes, a gray face stays gray whatever the seed.
        Augmenter augmenter = new Augmenter(basic, 40);
        BufferedImage gray = new BufferedImage(60, 60, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = gray.createGraphics();
        g.setColor(new java.awt.Color(120, 120, 120));
        g.fillRect(0, 0, 60, 60);
        g.setColor(new java.awt.Color(40, 40, 40));
        g.fillOval(15, 15, 30, 30);
        g.dispose();
        for (int seed = 0; seed < 10; seed++) {
            for (int p : augmenter.apply(gray, Augmenter.averageColor(gray), new Random(seed))) {
                assertThat(Math.abs(((p >> 16) & 0xFF) - (p & 0xFF))).isLessThanOrEqualTo(8);
            }
        }
    }

    /** No geometry or photometry, only the colour changes. */
    private static Augmenter.Settings colourOnly(double hueProbability, double saturation, double grayscale) {
        return Augmenter.Settings.none().withColourChanges(hueProbability, saturation, grayscale, 0, 1);
    }

    private static int maxChannel(int p) {
        return Math.max((p >> 16) & 0xFF, Math.max((p >> 8) & 0xFF, p & 0xFF));
    }

    private static double meanAbsDifference(int[] a, int[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                sum += Math.abs(((a[i] >> shift) & 0xFF) - ((b[i] >> shift) & 0xFF));
            }
        }
        return sum / (a.length * 3.0);
    }
}
