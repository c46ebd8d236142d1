package io.maskwatch.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightAverageTest {

    @Test
    void theMeanOfEachWeightOverTheEpochsAdded() {
        WeightAverage average = new WeightAverage();
        average.add(Map.of("conv", new float[] {1, -2, 4}, "bn.runningVar", new float[] {0.5f}), 3);
        average.add(Map.of("conv", new float[] {3, 2, 4}, "bn.runningVar", new float[] {1.5f}), 4);
        average.add(Map.of("conv", new float[] {5, 3, -2}, "bn.runningVar", new float[] {1.0f}), 5);
        Map<String, float[]> mean = average.mean();
        assertThat(mean.get("conv")).containsExactly(3f, 1f, 2f);
        assertThat(mean.get("bn.runningVar")).containsExactly(1f);
        assertThat(average.count()).isEqualTo(3);
        assertThat(average.firstEpoch()).isEqualTo(3);
        assertThat(average.lastEpoch()).isEqualTo(5);
    }

    @Test
    void addingLaterDoesNotChangeAMeanAlreadyTaken() {
        WeightAverage average = new WeightAverage();
        average.add(Map.of("w", new float[] {2}), 1);
        float[] taken = average.mean().get("w");
        average.add(Map.of("w", new float[] {4}), 2);
        assertThat(taken).containsExactly(2f);
        assertThat(average.mean().get("w")).containsExactly(3f);
    }

    @Test
    void noMeanBeforeAnyWeights() {
        assertThatThrownBy(() -> new WeightAverage().mean()).isInstanceOf(IllegalStateException.class);
    }
}
