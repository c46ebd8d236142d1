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

    /** {@code x + body(x)}: the inverted residual's skip connection. */
    record Residual(List<ConvBn> body) implements Layer {}

    /** A stack of layers with no skip connection. */
    record Plain(List<ConvBn> body) implements Layer {}

    /** Global average pooling to one value per channel. */
    record GlobalAveragePool() implements Layer {}

    /** Fully connected layer producing the class scores. */
    record Dense(int in, int out, Linear linear) implements Layer {}
}
