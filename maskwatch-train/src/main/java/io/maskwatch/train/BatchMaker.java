package io.maskwatch.train;

import io.maskwatch.classifier.FaceTensors;
import io.maskwatch.classifier.data.Label;
import io.maskwatch.train.augment.Augmenter;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Turns samples into input batches: a class-balanced, shuffled order per epoch (the minority class
 * is drawn again until both classes are equally frequent) and per-sample augmentation seeded from
 * (seed, epoch, position), so a run is repeatable whatever the thread scheduling. Unmasked faces
 * may be drawn with a painted mask ({@link SyntheticMasks}). Faces annotated as worn incorrectly
 * can be put in the order several times: they are the rarest faces (98 of 3,138 in mask-scenes) and
 * the ones the models missed most (every held-out scene face the synthetic-mask models missed was one).
 */
final class BatchMaker {
    /**
     * @param teacherNoMask the teachers' no-mask probability of each face ({@link TeacherEnsemble}), or
     *     null
     */
    record Batch(float[] images, float[] labels, int size, float[] teacherNoMask) {
        Batch(float[] images, float[] labels, int size) {
            this(images, labels, size, null);
        }

        Batch taughtBy(TeacherEnsemble teachers) {
            return new Batch(images, labels, size, teachers.noMaskProbabilities(images, size));
        }
    }

    private final List<Sample> samples;
    private final Augmenter augmenter;
    private final SyntheticMasks syntheticMasks;
    private final int incorrectRepeats;
    private final int inputSize;
    private final float[] mean;
    private final float[] std;
    private final long seed;

    BatchMaker(
            List<Sample> samples,
            Augmenter augmenter,
            SyntheticMasks syntheticMasks,
            int incorrectRepeats,
            int inputSize,
            float[] mean,
            float[] std,
            long seed) {
        this.samples = samples;
        this.augmenter = augmenter;
        this.syntheticMasks = syntheticMasks;
        this.incorrectRepeats = incorrectRepeats;
        this.inputSize = inputSize;
        this.mean = mean;
        this.std = std;
        this.seed = seed;
    }

    int size() {
        return samples.size();
    }

    /**
     * Sample indices of one epoch, balanced between the classes and shuffled; a face worn incorrectly
     * {@code incorrectRepeats} times.
     */
    List<Integer> epochOrder(int epoch) {
        Random random = new Random(seed * 31 + epoch);
        List<Integer> masked = new ArrayList<>();
        List<Integer> unmasked = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            int times = sample.wornIncorrectly() ? incorrectRepeats : 1;
            for (int t = 0; t < times; t++) {
                (sample.label() == Label.WITHOUT_MASK ? unmasked : masked).add(i);
            }
        }
        List<Integer> order = new ArrayList<>(masked.size() + unmasked.size());
        order.addAll(masked);
        order.addAll(unmasked);
        List<Integer> minority = masked.size() < unmasked.size() ? masked : unmasked;
        int missing = Math.abs(masked.size() - unmasked.size());
        for (int i = 0; i < missing && !minority.isEmpty(); i++) {
            order.add(minority.get(random.nextInt(minority.size())));
        }
        Collections.shuffle(order, random);
        return order;
    }

    Batch make(List<Integer> indices, int epoch, int firstPosition) {
        int n = indices.size();
        int plane = 3 * inputSize * inputSize;
        float[] images = new float[n * plane];
        float[] labels = new float[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            Sample sample = samples.get(indices.get(i));
            Random random = new Random(seed ^ (epoch * 1_000_003L + firstPosition + i) * 0x9E3779B97F4A7C15L);
            SyntheticMasks.Drawn drawn = syntheticMasks.draw(sample, random);
            int[] pixels = augmenter.apply(drawn.pixels(), sample.fill(), random);
            FaceTensors.putPacked(
                    pixels,
                    inputSize,
                    mean,
                    std,
                    FloatBuffer.wrap(images, i * plane, plane).slice());
            labels[i] = drawn.label().ordinal();
        });
        return new Batch(images, labels, n);
    }
}
