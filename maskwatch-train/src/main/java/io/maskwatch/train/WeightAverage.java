package io.maskwatch.train;

import java.util.HashMap;
import java.util.Map;

/**
 * The running mean of the network's weights over epochs (stochastic weight averaging). Runs that
 * differ only in their random draws ended in different places with the same mistakes, and their
 * scores on some faces swung from 0.06 to 0.95 when the crop moved by a few pixels; the mean of
 * the points one run passes through lies in a flatter region, which tends to generalise better
 * than any single epoch. Batch-norm statistics are averaged with the weights.
 */
final class WeightAverage {
    private final Map<String, double[]> sums = new HashMap<>();
    private int count;
    private int firstEpoch;
    private int lastEpoch;

    /** Adds the weights after {@code epoch}. */
    void add(Map<String, float[]> weights, int epoch) {
        weights.forEach((id, values) -> {
            double[] sum = sums.computeIfAbsent(id, k -> new double[values.length]);
            for (int i = 0; i < values.length; i++) {
                sum[i] += values[i];
            }
        });
        if (count == 0) {
            firstEpoch = epoch;
        }
        lastEpoch = epoch;
        count++;
    }

    int count() {
        return count;
    }

    int firstEpoch() {
        return firstEpoch;
    }

    int lastEpoch() {
        return lastEpoch;
    }

    /** The mean of the weights added so far. */
    Map<String, float[]> mean() {
        if (count == 0) {
            throw new IllegalStateException("no weights added");
        }
        Map<String, float[]> mean = new HashMap<>();
        sums.forEach((id, sum) -> {
            float[] m = new float[sum.length];
            for (int i = 0; i < sum.length; i++) {
                m[i] = (float) (sum[i] / count);
            }
            mean.put(id, m);
        });
        return mean;
    }
}
