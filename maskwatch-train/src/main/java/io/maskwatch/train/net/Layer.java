package io.maskwatch.train.net;

import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import java.util.List;

/**
 * The network as a list of layers that both sides understand: DJL trains the blocks each layer
 * holds, and the ONNX exporter writes the same layers as ONNX nodes from the trained weights.
 */
public sealed interface Layer {

    /** Convolution (no bias) + batch norm, optionally followed by ReLU6. */
    record ConvBn(int in, int out, int kernel, int stride, int groups, boolean relu6, Conv2d conv, BatchNorm norm)
            implements Layer {}

    /** {@code x + body(x)}: the inverted residual's skip connection; the body holds convolutions. */
    record Residual(List<Layer> body) implements Layer {}

    /**
     * A stack of layers with no skip connection: convolutions, and in an anti-aliased network a
     * {@link Blur} after the one that would have subsampled.
     */
    record Plain(List<Layer> body) implements Layer {}

    /**
     * Anti-aliased subsampling (Zhang 2019, "Making convolutional networks shift-invariant again"):
     * each of {@code channels} low-passed with the fixed kernel [1 2 1]ᵀ[1 2 1] / 16, then every
     * second pixel kept. A strided convolution samples its output without low-passing it first, so
     * a face moved by one pixel can give other features; blurred first, it gives nearly the same.
     */
    record Blur(int channels) implements Layer {
        /** The kernel, row by row. */
        public static final float[] KERNEL = {
            1 / 16f, 2 / 16f, 1 / 16f, 2 / 16f, 4 / 16f, 2 / 16f, 1 / 16f, 2 / 16f, 1 / 16f
        };

        public static final int STRIDE = 2;

        /** {@link #KERNEL} once per channel: the weight of a depthwise convolution, (channels, 1, 3, 3). */
        public float[] weight() {
            float[] weight = new float[channels * KERNEL.length];
            for (int c = 0; c < channels; c++) {
                System.arraycopy(KERNEL, 0, weight, c * KERNEL.length, KERNEL.length);
            }
            return weight;
        }
    }

    /** Global average pooling to one value per channel. */
    record GlobalAveragePool() implements Layer {}

    /** Fully connected layer producing the class scores. */
    record Dense(int in, int out, Linear linear) implements Layer {}
}
