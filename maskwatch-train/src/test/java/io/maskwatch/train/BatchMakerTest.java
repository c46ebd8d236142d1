package io.maskwatch.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.classifier.data.IncorrectMask;
import io.maskwatch.classifier.data.Label;
import io.maskwatch.classifier.data.LabelledFace;
import io.maskwatch.testing.SyntheticFaces;
import io.maskwatch.train.augment.Augmenter;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchMakerTest {
    private static final int SIZE = 32;
    private static final float[] MEAN = {0.5f, 0.5f, 0.5f};
    private static final float[] STD = {0.25f, 0.25f, 0.25f};
    private static final LabelledFace.Box BOX = new LabelledFace.Box(6, 6, 42, 42);
    private static final SyntheticMasks PAINT_ALL = new SyntheticMasks(1, IncorrectMask.MASK);

    // Samples 0-1: masked; 2-3: unmasked with a known face box; 4-5: unmasked pictures used whole.
    private final List<Sample> samples = List.of(
            sample(true, BOX),
            sample(true, BOX),
            sample(false, BOX),
            sample(false, BOX),
            sample(false, null),
            sample(false, null));

    private static final float MASK = Label.WITH_MASK.ordinal();
    private static final float NO_MASK = Label.WITHOUT_MASK.ordinal();

    @Test
    void withoutSyntheticMasksLabelsAreTheSamples() {
        assertThat(labels(SyntheticMasks.NONE)).containsExactly(MASK, MASK, NO_MASK, NO_MASK, NO_MASK, NO_MASK);
    }

    @Test
    void syntheticMasksRelabelOnlyUnmaskedFacesWithAKnownBox() {
        // Counting masks below the nose as masks, every painted face is labelled masked.
        assertThat(labels(PAINT_ALL)).containsExactly(MASK, MASK, MASK, MASK, NO_MASK, NO_MASK);
    }

    @Test
    void aPaintedFaceDiffersFromThePlainOneBelowTheEyesOnly() {
        float[] plain = maker(SyntheticMasks.NONE).make(List.of(2), 0, 0).images();
        float[] painted = maker(PAINT_ALL).make(List.of(2), 0, 0).images();
        double upper = 0;
        double lower = 0;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int i = c * SIZE * SIZE + y * SIZE + x;
                    double d = Math.abs(plain[i] - painted[i]);
                    if (y < SIZE / 3) {
                        upper += d;
                    } else if (y > SIZE * 2 / 3) {
                        lower += d;
                    }
                }
            }
        }
        assertThat(upper).isZero();
        assertThat(lower).isGreaterThan(10);
    }

    @Test
    void aFaceWornIncorrectlyIsInEachEpochAsOftenAsAskedBeforeTheClassesAreBalanced() {
        Sample incorrect =
                new Sample(SyntheticFaces.crop(48, false, new Random(5)), Color.GRAY, Label.WITHOUT_MASK, BOX, true);
        // 0-5 masked, 6-7 unmasked, 8 unmasked and worn incorrectly.
        List<Sample> set = List.of(
                samples.get(0),
                samples.get(0),
                samples.get(0),
                samples.get(1),
                samples.get(1),
                samples.get(1),
                samples.get(2),
                samples.get(3),
                incorrect);
        BatchMaker once = maker(set, 1);
        BatchMaker thrice = maker(set, 3);
        int onceTotal = 0;
        int thriceTotal = 0;
        for (int epoch = 0; epoch < 50; epoch++) {
            List<Integer> order = thrice.epochOrder(epoch);
            assertThat(order).hasSize(12).filteredOn(i -> i == 8).hasSizeGreaterThanOrEqualTo(3);
            assertThat(order).filteredOn(i -> i < 6).hasSize(6);
            thriceTotal += (int) order.stream().filter(i -> i == 8).count();
            onceTotal +=
                    (int) once.epochOrder(epoch).stream().filter(i -> i == 8).count();
        }
        // Expected 3.6 per epoch (3 + one in five balancing draws) against 2 (1 + a third of 3 draws).
        assertThat(thriceTotal).isGreaterThan(160);
        assertThat(onceTotal).isLessThan(130);
    }

    private float[] labels(SyntheticMasks syntheticMasks) {
        List<Integer> all = IntStream.range(0, samples.size()).boxed().toList();
        return maker(syntheticMasks).make(all, 0, 0).labels();
    }

    private BatchMaker maker(SyntheticMasks syntheticMasks) {
        return new BatchMaker(
                samples, new Augmenter(Augmenter.Settings.none(), SIZE), syntheticMasks, 1, SIZE, MEAN, STD, 3);
    }

    private static BatchMaker maker(List<Sample> set, int incorrectRepeats) {
        return new BatchMaker(
                set,
                new Augmenter(Augmenter.Settings.none(), SIZE),
                SyntheticMasks.NONE,
                incorrectRepeats,
                SIZE,
                MEAN,
                STD,
                3);
    }

    private static Sample sample(boolean masked, LabelledFace.Box face) {
        BufferedImage pixels = SyntheticFaces.crop(48, masked, new Random(masked ? 1 : 2));
        return new Sample(pixels, Color.GRAY, masked ? Label.WITH_MASK : Label.WITHOUT_MASK, face);
    }
}
