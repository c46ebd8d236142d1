package io.maskwatch.train.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.testing.SyntheticFaces;
import java.awt.image.BufferedImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmenterTest {
    private final BufferedImage face = SyntheticFaces.crop(80, false, new Random(1));

    @Test
    void sameSeedSameImageOtherSeedOtherImage() {
        Augmenter augmenter = new Augmenter(Augmenter.Settings.standard(), 48);
        int[] a = augmenter.apply(face, Augmenter.averageColor(face), new Random(7));
        int[] b = augmenter.apply(face, Augmenter.averageColor(face), new Random(7));
        int[] c = augmenter.apply(face, Augmenter.averageColor(face), new Random(8));
        assertThat(a).hasSize(48 * 48).isEqualTo(b);
        assertThat(meanAbsDifference(a, c)).isGreaterThan(5);
    }

    @Test
    void noAugmentationIsAPlainResize() {
        Augmenter augmenter = new Augmenter(Augmenter.Settings.none(), 40);
        int[] plain = augmenter.apply(face, Augmenter.averageColor(face), new Random(1));
        BufferedImage resized = io.maskwatch.classifier.ImageTensors.resize(face, 40);
        int[] expected = resized.getRGB(0, 0, 40, 40, null, 0, 40);
        assertThat(meanAbsDifference(plain, expected)).isLessThan(3);
    }

    @Test
    void augmentationKeepsTheFaceRecognisable() {
        // Mean change stays moderate: the face is transformed, not replaced by noise.
        Augmenter augmenter = new Augmenter(Augmenter.Settings.standard(), 40);
        int[] plain =
                new Augmenter(Augmenter.Settings.none(), 40).apply(face, Augmenter.averageColor(face), new Random(1));
        double total = 0;
        for (int seed = 0; seed < 20; seed++) {
            total += meanAbsDifference(plain, augmenter.apply(face, Augmenter.averageColor(face), new Random(seed)));
        }
        assertThat(total / 20).isBetween(3.0, 90.0);
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
