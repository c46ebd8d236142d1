package io.maskwatch.train.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlurTest {
    private static final int SIDE = 8;

    /**
     * The finest pattern there is, a one-pixel checkerboard: keeping every second pixel turns it
     * into a flat field of whichever colour the grid happens to land on (aliasing), which a shift
     * of one pixel flips; blurred first, it becomes the grey it averages to, whatever the shift.
     */
    @Test
    void aCheckerboardBecomesItsMeanGreyInsteadOfOneOfItsColours() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            for (int shift = 0; shift < 2; shift++) {
                float[] out = blur(manager, checkerboard(shift), 1);
                // Inside the border, which the zero padding darkens.
                for (int y = 1; y < SIDE / 2; y++) {
                    for (int x = 1; x < SIDE / 2; x++) {
                        assertThat(out[y * SIDE / 2 + x])
                                .as("shift %d at %d,%d", shift, x, y)
                                .isCloseTo(0.5f, within(1e-6f));
                    }
                }
                float[] sampled = checkerboard(shift);
                assertThat(sampled[0])
                        .as("every second pixel of the plain grid is one colour")
                        .isEqualTo(sampled[2 * SIDE + 2])
                        .isEqualTo(shift == 0 ? 1f : 0f);
            }
        }
    }

    @Test
    void eachChannelIsBlurredOnItsOwnAndTheKernelKeepsAFlatFieldAsItIs() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float[] twoFlat = new float[2 * SIDE * SIDE];
            Arrays.fill(twoFlat, 0, SIDE * SIDE, 3f);
            Arrays.fill(twoFlat, SIDE * SIDE, 2 * SIDE * SIDE, -1f);
            float[] out = blur(manager, twoFlat, 2);
            int half = SIDE / 2;
            assertThat(out).hasSize(2 * half * half);
            assertThat(out[half + 1]).isCloseTo(3f, within(1e-6f));
            assertThat(out[half * half + half + 1]).isCloseTo(-1f, within(1e-6f));
        }
    }

    private static float[] blur(NDManager manager, float[] image, int channels) {
        NDArray x = manager.create(image, new Shape(1, channels, SIDE, SIDE));
        return MobileNetV2.blurBlock(channels)
                .forward(new ParameterStore(manager, false), new NDList(x), false)
                .singletonOrThrow()
                .toFloatArray();
    }

    private static float[] checkerboard(int shift) {
        float[] image = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                image[y * SIDE + x] = (x + y + shift) % 2 == 0 ? 1f : 0f;
            }
        }
        return image;
    }
}
