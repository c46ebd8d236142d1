package io.maskwatch.classifier;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The ONNX file's interface checked against {@code model.json} when the model is loaded: one float
 * input {@code [N, 3, S, S]} with S = inputSize, and a first output {@code [N, labels]} of floats.
 * Otherwise another network (a face detector, a model of another size) loads without complaint and
 * fails with a stack trace on the first face.
 */
final class ModelShape {
    /** A dimension ONNX leaves open (a named or unknown one, such as the batch). */
    private static final long ANY = -1;

    private ModelShape() {}

    static void check(OrtSession session, ModelManifest manifest, Path onnx) throws OrtException {
        int s = manifest.inputSize();
        int classes = manifest.labels().size();
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        boolean fits = inputs.size() == 1
                && !outputs.isEmpty()
                && fits(inputs.values().iterator().next().getInfo(), 3, s, s)
                && fits(outputs.values().iterator().next().getInfo(), classes);
        if (!fits) {
            throw new ModelException("mask classifier " + onnx + " does not fit its " + ModelManifest.FILE_NAME
                    + ": expected one input [N, 3, " + s + ", " + s + "] (inputSize " + s + ") and a first output [N, "
                    + classes + "] (" + String.join(", ", manifest.labels()) + "), all float; found inputs "
                    + describe(inputs) + " and outputs " + describe(outputs)
                    + "; the folder holds another network: use a folder"
                    + " made by 'maskwatch train' (model.onnx and model.json exported together)");
        }
    }

    /** A float tensor of rank 1 + {@code dims.length}: an open batch, then {@code dims} (or open ones). */
    private static boolean fits(ValueInfo info, long... dims) {
        if (!(info instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
            return false;
        }
        long[] shape = tensor.getShape();
        // The batch stays open: detect classifies every face of a frame in one batch.
        if (shape.length != dims.length + 1 || shape[0] != ANY) {
            return false;
        }
        for (int i = 0; i < dims.length; i++) {
            if (shape[i + 1] != ANY && shape[i + 1] != dims[i]) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Map<String, NodeInfo> nodes) {
        return nodes.values().stream()
                .map(n -> n.getName() + " " + shape(n.getInfo()))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String shape(ValueInfo info) {
        if (info instanceof TensorInfo tensor) {
            return Arrays.stream(tensor.getShape())
                            .mapToObj(d -> d == ANY ? "N" : String.valueOf(d))
                            .collect(Collectors.joining(", ", "[", "]"))
                    + " " + tensor.type.name().toLowerCase(java.util.Locale.ROOT);
        }
        return info.toString();
    }
}
