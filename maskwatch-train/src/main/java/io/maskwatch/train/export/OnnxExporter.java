package io.maskwatch.train.export;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.maskwatch.train.net.Layer;
import io.maskwatch.train.net.MobileNetV2;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained {@link MobileNetV2} as an ONNX model (opset 13, NCHW float input named
 * {@code input}, softmax probabilities named {@code probabilities}). Batch norms are folded into
 * the convolutions before them, so the file computes exactly what the network computes in
 * inference mode, with fewer nodes.
 */
public final class OnnxExporter {
    public static final int OPSET = 13;
    public static final String INPUT = "input";
    public static final String OUTPUT = "probabilities";

    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("maskwatch_classifier");
    private int counter;

    private OnnxExporter() {}

    /**
     * @param metadata written into the model's metadata (preprocessing, labels, ...): ONNX
     *     consumers other than MaskWatch can read how to feed the model from the file alone
     */
    public static void export(MobileNetV2 net, int inputSize, Map<String, String> metadata, Path file)
            throws IOException {
        OnnxExporter exporter = new OnnxExporter();
        ModelProto model = exporter.build(net, inputSize, metadata);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
    }

    private ModelProto build(MobileNetV2 net, int inputSize, Map<String, String> metadata) {
        graph.addInput(valueInfo(INPUT, "batch", 3, inputSize, inputSize));
        String x = INPUT;
        int classes = 0;
        for (Layer layer : net.layers()) {
            // Java 17: no pattern matching in switch yet.
            if (layer instanceof Layer.ConvBn convBn) {
                x = convBn(convBn, x);
            } else if (layer instanceof Layer.Blur blur) {
                x = blur(blur, x);
            } else if (layer instanceof Layer.Plain plain) {
                x = stack(plain.body(), x);
            } else if (layer instanceof Layer.Residual residual) {
                x = node("Add", List.of(x, stack(residual.body(), x)));
            } else if (layer instanceof Layer.GlobalAveragePool) {
                x = flatten(node("GlobalAveragePool", List.of(x)));
            } else if (layer instanceof Layer.Dense dense) {
                x = dense(dense, x);
                classes = dense.out();
            }
        }
        graph.addNode(NodeProto.newBuilder()
                .setOpType("Softmax")
                .addInput(x)
                .addOutput(OUTPUT)
                .setName("softmax")
                .addAttribute(intAttribute("axis", 1)));
        graph.addOutput(valueInfo(OUTPUT, "batch", classes));
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("maskwatch")
                .setProducerVersion(metadata.getOrDefault("model_id", "dev"))
                .setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET));
        metadata.forEach((k, v) -> model.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build();
    }

    private String stack(List<Layer> body, String x) {
        for (Layer layer : body) {
            x = layer instanceof Layer.Blur blur ? blur(blur, x) : convBn((Layer.ConvBn) layer, x);
        }
        return x;
    }

    /**
     * A depthwise Conv with the blur's fixed weights and no bias: the bias input is how
     * {@code --init} tells the trained convolutions from these when it reads a model back.
     */
    private String blur(Layer.Blur blur, String x) {
        String y = fresh("blur");
        graph.addNode(NodeProto.newBuilder()
                .setOpType("Conv")
                .setName(y)
                .addInput(x)
                .addInput(initializer(blur.weight(), blur.channels(), 1, 3, 3))
                .addOutput(y)
                .addAttribute(intsAttribute("kernel_shape", 3, 3))
                .addAttribute(intsAttribute("strides", Layer.Blur.STRIDE, Layer.Blur.STRIDE))
                .addAttribute(intsAttribute("pads", 1, 1, 1, 1))
                .addAttribute(intAttribute("group", blur.channels())));
        return y;
    }

    /** Conv with the batch norm folded in: w' = w * g / sqrt(v + eps), b' = beta - m * g / sqrt(v + eps). */
    private String convBn(Layer.ConvBn layer, String x) {
        float[] w = values(layer.conv(), "weight");
        float[] gamma = values(layer.norm(), "gamma");
        float[] beta = values(layer.norm(), "beta");
        float[] mean = values(layer.norm(), "runningMean");
        float[] var = values(layer.norm(), "runningVar");
        int out = layer.out();
        int perFilter = w.length / out;
        float[] bias = new float[out];
        for (int o = 0; o < out; o++) {
            float scale = (float) (gamma[o] / Math.sqrt(var[o] + MobileNetV2.BN_EPSILON));
            for (int i = 0; i < perFilter; i++) {
                w[o * perFilter + i] *= scale;
            }
            bias[o] = beta[o] - mean[o] * scale;
        }
        int k = layer.kernel();
        int pad = (k - 1) / 2;
        String weight = initializer(w, out, layer.in() / layer.groups(), k, k);
        String b = initializer(bias, out);
        String y = fresh("conv");
        graph.addNode(NodeProto.newBuilder()
                .setOpType("Conv")
                .setName(y)
                .addInput(x)
                .addInput(weight)
                .addInput(b)
                .addOutput(y)
                .addAttribute(intsAttribute("kernel_shape", k, k))
                .addAttribute(intsAttribute("strides", layer.stride(), layer.stride()))
                .addAttribute(intsAttribute("pads", pad, pad, pad, pad))
                .addAttribute(intAttribute("group", layer.groups())));
        if (!layer.relu6()) {
            return y;
        }
        String min = initializer(new float[] {0f});
        String max = initializer(new float[] {6f});
        return node("Clip", List.of(y, min, max));
    }

    private String flatten(String x) {
        String y = fresh("flatten");
        graph.addNode(NodeProto.newBuilder()
                .setOpType("Flatten")
                .setName(y)
                .addInput(x)
                .addOutput(y)
                .addAttribute(intAttribute("axis", 1)));
        return y;
    }

    private String dense(Layer.Dense dense, String x) {
        String w = initializer(values(dense.linear(), "weight"), dense.out(), dense.in());
        String b = initializer(values(dense.linear(), "bias"), dense.out());
        String y = fresh("gemm");
        graph.addNode(NodeProto.newBuilder()
                .setOpType("Gemm")
                .setName(y)
                .addInput(x)
                .addInput(w)
                .addInput(b)
                .addOutput(y)
                .addAttribute(intAttribute("transB", 1)));
        return y;
    }

    private String node(String op, List<String> inputs) {
        String y = fresh(op.toLowerCase(java.util.Locale.ROOT));
        graph.addNode(NodeProto.newBuilder()
                .setOpType(op)
                .setName(y)
                .addAllInput(inputs)
                .addOutput(y));
        return y;
    }

    private String initializer(float[] values, long... dims) {
        String name = fresh("w");
        TensorProto.Builder tensor =
                TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            tensor.addDims(d);
        }
        java.nio.ByteBuffer raw =
                java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        tensor.setRawData(com.google.protobuf.ByteString.copyFrom(raw.array()));
        graph.addInitializer(tensor);
        return name;
    }

    private String fresh(String prefix) {
        return prefix + "_" + counter++;
    }

    private static float[] values(Block block, String parameter) {
        NDArray array = block.getParameters().get(parameter).getArray();
        return array.toFloatArray();
    }

    private static ValueInfoProto valueInfo(String name, String batchDim, int... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batchDim));
        for (int d : dims) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder()
                                .setElemType(TensorProto.DataType.FLOAT.getNumber())
                                .setShape(shape)))
                .build();
    }

    private static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    private static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder attribute =
                AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            attribute.addInts(v);
        }
        return attribute.build();
    }
}
