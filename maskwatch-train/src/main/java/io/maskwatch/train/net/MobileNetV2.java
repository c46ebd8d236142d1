package io.maskwatch.train.net;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * MobileNetV2 (Sandler et al. 2018) with a width multiplier, built as DJL blocks for training and
 * as a {@link Layer} list for ONNX export. The classifier head is dropout + one dense layer; the
 * network outputs logits (the exported model adds the softmax).
 */
public final class MobileNetV2 {
    /** (expansion t, output channels c, repeats n, first stride s) of the paper's Table 2. */
    private static final int[][] STAGES = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}
    };

    public static final float BN_EPSILON = 1e-5f;

    private final double width;
    private final int classes;
    private final boolean antiAliased;
    private final List<Layer> layers = new ArrayList<>();
    private final SequentialBlock block = new SequentialBlock();

    private MobileNetV2(double width, int classes, boolean antiAliased) {
        this.width = width;
        this.classes = classes;
        this.antiAliased = antiAliased;
    }

    public static MobileNetV2 build(double width, int classes, double dropout) {
        return build(width, classes, dropout, false);
    }

    /**
     * @param antiAliased every subsampling convolution computes at full resolution and is followed
     *     by a {@link Layer.Blur} that subsamples (Zhang 2019's anti-aliased MobileNetV2)
     */
    public static MobileNetV2 build(double width, int classes, double dropout, boolean antiAliased) {
        MobileNetV2 net = new MobileNetV2(width, classes, antiAliased);
        net.assemble(dropout);
        return net;
    }

    public SequentialBlock block() {
        return block;
    }

    public List<Layer> layers() {
        return layers;
    }

    public String architecture() {
        return "mobilenetv2-w" + width + (antiAliased ? "-aa" : "");
    }

    private void assemble(double dropout) {
        int channels = divisible(32 * width);
        addTo(block, layers, convBn(3, channels, 3, antiAliased ? 1 : 2, 1, true));
        if (antiAliased) {
            addTo(block, layers, new Layer.Blur(channels));
        }
        for (int[] stage : STAGES) {
            int out = divisible(stage[1] * width);
            for (int i = 0; i < stage[2]; i++) {
                invertedResidual(channels, out, i == 0 ? stage[3] : 1, stage[0]);
                channels = out;
            }
        }
        // The paper keeps 1280 features for width < 1: the head stays strong on thin networks.
        int last = divisible(1280 * Math.max(1.0, width));
        addTo(block, layers, convBn(channels, last, 1, 1, 1, true));
        block.add(Pool.globalAvgPool2dBlock());
        layers.add(new Layer.GlobalAveragePool());
        if (dropout > 0) {
            block.add(Dropout.builder().optRate((float) dropout).build());
        }
        Linear linear = Linear.builder().setUnits(classes).build();
        block.add(linear);
        layers.add(new Layer.Dense(last, classes, linear));
    }

    private void invertedResidual(int in, int out, int stride, int expansion) {
        int hidden = in * expansion;
        List<Layer> body = new ArrayList<>();
        if (expansion != 1) {
            body.add(convBn(in, hidden, 1, 1, 1, true));
        }
        boolean blurred = antiAliased && stride > 1;
        body.add(convBn(hidden, hidden, 3, blurred ? 1 : stride, hidden, true));
        if (blurred) {
            // After the depthwise convolution's ReLU6, as in the paper: the non-linearity makes high
            // frequencies of its own, which the blur removes before the subsampling.
            body.add(new Layer.Blur(hidden));
        }
        body.add(convBn(hidden, out, 1, 1, 1, false));
        SequentialBlock bodyBlock = new SequentialBlock();
        body.forEach(layer -> add(bodyBlock, layer));
        if (stride == 1 && in == out) {
            block.add(new ParallelBlock(
                    list -> new NDList(
                            list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
                    List.<Block>of(bodyBlock, Blocks.identityBlock())));
            layers.add(new Layer.Residual(body));
        } else {
            block.add(bodyBlock);
            layers.add(new Layer.Plain(body));
        }
    }

    /**
     * A {@link Layer.Blur} for DJL: a depthwise convolution with the fixed kernel, nothing to train.
     * The kernel is made on each call, on the input's manager, so that it is freed with the step's
     * other arrays (a few hundred floats, against the convolution's own work).
     */
    public static Block blurBlock(int channels) {
        Layer.Blur blur = new Layer.Blur(channels);
        Shape kernel = new Shape(channels, 1, 3, 3);
        Shape stride = new Shape(Layer.Blur.STRIDE, Layer.Blur.STRIDE);
        return LambdaBlock.singleton(
                x -> Conv2d.conv2d(
                                x,
                                x.getManager().create(blur.weight(), kernel),
                                null,
                                stride,
                                new Shape(1, 1),
                                new Shape(1, 1),
                                channels)
                        .singletonOrThrow(),
                "blur");
    }

    private static void addTo(SequentialBlock block, List<Layer> layers, Layer layer) {
        add(block, layer);
        layers.add(layer);
    }

    /** The DJL blocks of a convolution (with its norm and ReLU6) or of a blur. */
    private static void add(SequentialBlock block, Layer layer) {
        if (layer instanceof Layer.Blur blur) {
            block.add(blurBlock(blur.channels()));
            return;
        }
        Layer.ConvBn convBn = (Layer.ConvBn) layer;
        block.add(convBn.conv()).add(convBn.norm());
        if (convBn.relu6()) {
            block.add(Activation.relu6Block());
        }
    }

    private static Layer.ConvBn convBn(int in, int out, int kernel, int stride, int groups, boolean relu6) {
        int pad = (kernel - 1) / 2;
        Conv2d conv = Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad))
                .optGroups(groups)
                .setFilters(out)
                .optBias(false)
                .build();
        BatchNorm norm = BatchNorm.builder().optEpsilon(BN_EPSILON).build();
        return new Layer.ConvBn(in, out, kernel, stride, groups, relu6, conv, norm);
    }

    /** Channel counts rounded to multiples of 8, never more than 10 % below the target (as the paper's code). */
    static int divisible(double value) {
        int rounded = Math.max(8, (int) (value + 4) / 8 * 8);
        return rounded < 0.9 * value ? rounded + 8 : rounded;
    }
}
