package io.maskwatch.vision.testing;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.maskwatch.classifier.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes tiny classifiers with the shipped model's interface (input {@code N x 3 x S x S}, softmax
 * over [with_mask, without_mask]) for tests of what surrounds the classifier: the logits are a
 * linear function of the crop's mean colour, {@code logits = mean(R, G, B) * W + b}.
 */
public final class StandInClassifier {
    public static final int INPUT = 32;
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private static final ValueInfoProto INPUT_VALUE =
            value("input", List.of("N", "3", String.valueOf(INPUT), String.valueOf(INPUT)));
    private static final ValueInfoProto OUTPUT_VALUE = value("probabilities", List.of("N", "2"));

    private StandInClassifier() {}

    /** Says "no mask" with probability {@code p} whatever it sees. */
    public static Path constant(Path dir, float p) throws IOException {
        float logit = (float) Math.log(p / (1 - p));
        return write(dir, new float[6], new float[] {0, logit});
    }

    /**
     * Says "no mask" for warm (skin-coloured) crops and "mask" where blue dominates (a light blue
     * surgical mask painted over the lower face).
     */
    public static Path byColour(Path dir) throws IOException {
        // Row-major [3 x 2]: the no-mask logit grows with red and falls with blue.
        float[] w = {0, 4f, 0, 0, 0, -4f};
        return write(dir, w, new float[] {0, 0});
    }

    /**
     * @param w weights, row-major {@code 3 x 2} (channel x class)
     * @param b biases of [with_mask, without_mask]
     */
    public static Path write(Path dir, float[] w, float[] b) throws IOException {
        GraphProto graph = GraphProto.newBuilder()
                .setName("stand-in")
                .addInput(INPUT_VALUE)
                .addOutput(OUTPUT_VALUE)
                .addInitializer(floats("W", new long[] {3, 2}, w))
                .addInitializer(floats("B", new long[] {2}, b))
                .addNode(channelMeans())
                .addNode(NodeProto.newBuilder()
                        .setOpType("MatMul")
                        .addInput("means")
                        .addInput("W")
                        .addOutput("xw"))
                .addNode(NodeProto.newBuilder()
                        .setOpType("Add")
                        .addInput("xw")
                        .addInput("B")
                        .addOutput("logits"))
                .addNode(softmax())
                .build();
        String id = "stand-in-" + Integer.toHexString(java.util.Arrays.hashCode(w) * 31 + java.util.Arrays.hashCode(b));
        return save(dir, graph, id);
    }

    /**
     * Has the interface, loads, and fails inside ONNX Runtime on any odd batch (a single face
     * included): it reshapes the batch's {@code N x 3} channel means to pairs. For what a run does
     * when the classifier breaks mid-run.
     */
    public static Path failingOnOddBatches(Path dir) throws IOException {
        GraphProto graph = GraphProto.newBuilder()
                .setName("fails-on-odd-batches")
                .addInput(INPUT_VALUE)
                .addOutput(OUTPUT_VALUE)
                .addInitializer(TensorProto.newBuilder()
                        .setName("pairs")
                        .setDataType(TensorProto.DataType.INT64.getNumber())
                        .addDims(2)
                        .addInt64Data(-1)
                        .addInt64Data(2))
                .addNode(channelMeans())
                .addNode(NodeProto.newBuilder()
                        .setOpType("Reshape")
                        .addInput("means")
                        .addInput("pairs")
                        .addOutput("logits"))
                .addNode(softmax())
                .build();
        return save(dir, graph, "fails-on-odd-batches");
    }

    /** Writes model.onnx, labels.txt and the model.json of a {@link #INPUT}-pixel two-class model. */
    private static Path save(Path dir, GraphProto graph, String id) throws IOException {
        Files.createDirectories(dir);
        ModelProto model = ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("maskwatch-test")
                .addOpsetImport(
                        ai.onnx.proto.OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13))
                .setGraph(graph)
                .build();
        Files.write(dir.resolve("model.onnx"), model.toByteArray());
        Files.writeString(dir.resolve("labels.txt"), "with_mask\nwithout_mask\n");
        new ModelManifest(
                        id,
                        "mean-colour-linear",
                        INPUT,
                        MEAN,
                        STD,
                        List.of("with_mask", "without_mask"),
                        1,
                        0.2,
                        0.5,
                        16,
                        "2025-01-01T00:00:00Z",
                        Map.of(),
                        Map.of())
                .write(dir);
        return dir;
    }

    /** input ({@code N x 3 x S x S}) -> means ({@code N x 3}): each crop's mean colour. */
    private static NodeProto channelMeans() {
        return NodeProto.newBuilder()
                .setOpType("ReduceMean")
                .addInput("input")
                .addOutput("means")
                .addAttribute(ints("axes", 2, 3))
                .addAttribute(AttributeProto.newBuilder()
                        .setName("keepdims")
                        .setType(AttributeProto.AttributeType.INT)
                        .setI(0))
                .build();
    }

    /** logits -> probabilities, over the classes. */
    private static NodeProto softmax() {
        return NodeProto.newBuilder()
                .setOpType("Softmax")
                .addInput("logits")
                .addOutput("probabilities")
                .addAttribute(AttributeProto.newBuilder()
                        .setName("axis")
                        .setType(AttributeProto.AttributeType.INT)
                        .setI(1))
                .build();
    }

    private static ValueInfoProto value(String name, List<String> dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (String d : dims) {
            if (d.matches("\\d+")) {
                shape.addDimBuilder().setDimValue(Long.parseLong(d));
            } else {
                shape.addDimBuilder().setDimParam(d);
            }
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder()
                                .setElemType(TensorProto.DataType.FLOAT.getNumber())
                                .setShape(shape)))
                .build();
    }

    private static TensorProto floats(String name, long[] dims, float[] values) {
        TensorProto.Builder t =
                TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        for (float v : values) {
            t.addFloatData(v);
        }
        return t.build();
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }
}
