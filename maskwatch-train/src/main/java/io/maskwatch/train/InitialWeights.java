package io.maskwatch.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl;
import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.classifier.OnnxMaskClassifier;
import io.maskwatch.train.net.Layer;
import io.maskwatch.train.net.MobileNetV2;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Starts training from a previous MaskWatch model ({@code --init}). The exported file holds each
 * convolution with its batch norm folded in; loading it as convolution weight w' and a batch norm
 * that passes its input through plus b' (gamma 1, beta b', mean 0, variance 1 - eps) makes the
 * DJL network compute exactly what the file computes in inference mode.
 *
 * <p>In training mode, though, a batch norm divides by the statistics of each batch, so that
 * pass-through norm would turn into a very different function at the first step and the first
 * epochs would be spent recovering (before {@link #calibrate}, fine-tuning started at twice the
 * loss the previous run ended with). {@link #calibrate} therefore gives every norm the real
 * statistics of its convolution's output, with gamma and beta rescaled so that inference still
 * computes exactly the same function and training starts from it too.
 */
final class InitialWeights {
    private InitialWeights() {}

    static void load(Path modelDir, MobileNetV2 net, int inputSize) {
        ModelManifest manifest = ModelManifest.read(modelDir);
        if (manifest.inputSize() != inputSize || !net.architecture().equals(manifest.architecture())) {
            throw new TrainingException("the initial model " + modelDir + " is " + manifest.architecture() + " at "
                    + manifest.inputSize() + " px, but this run builds " + net.architecture() + " at " + inputSize
                    + " px; train with that model's width and input size");
        }
        OnnxMl.ModelProto model = read(modelDir.resolve(OnnxMaskClassifier.MODEL_FILE));
        Map<String, float[]> tensors = new HashMap<>();
        for (OnnxMl.TensorProto t : model.getGraph().getInitializerList()) {
            tensors.put(t.getName(), floats(t));
        }
        // The trained convolutions; an anti-aliased model's blurs are Convs too, with no bias.
        Iterator<OnnxMl.NodeProto> conv = model.getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("Conv") && n.getInputCount() == 3)
                .iterator();
        OnnxMl.NodeProto gemm = model.getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("Gemm"))
                .findFirst()
                .orElseThrow(() ->
                        new TrainingException(modelDir + " has no classifier layer; it is not a MaskWatch model"));
        for (Layer.ConvBn layer : convLayers(net)) {
            if (!conv.hasNext()) {
                throw new TrainingException(
                        modelDir + " has fewer layers than " + net.architecture() + "; not a matching model");
            }
            OnnxMl.NodeProto node = conv.next();
            set(layer.conv().getParameters().get("weight").getArray(), tensors.get(node.getInput(1)), modelDir);
            float[] bias = tensors.get(node.getInput(2));
            float[] ones = new float[bias.length];
            float[] zeros = new float[bias.length];
            float[] variance = new float[bias.length];
            java.util.Arrays.fill(ones, 1f);
            java.util.Arrays.fill(variance, 1f - MobileNetV2.BN_EPSILON);
            set(layer.norm().getParameters().get("gamma").getArray(), ones, modelDir);
            set(layer.norm().getParameters().get("beta").getArray(), bias, modelDir);
            set(layer.norm().getParameters().get("runningMean").getArray(), zeros, modelDir);
            set(layer.norm().getParameters().get("runningVar").getArray(), variance, modelDir);
        }
        Layer.Dense dense = (Layer.Dense) net.layers().get(net.layers().size() - 1);
        set(dense.linear().getParameters().get("weight").getArray(), tensors.get(gemm.getInput(1)), modelDir);
        set(dense.linear().getParameters().get("bias").getArray(), tensors.get(gemm.getInput(2)), modelDir);
    }

    /**
     * A fingerprint of a model's weights (SHA-256 of every initializer of its ONNX file, first 16
     * hex digits). Unlike the model's id, which holds the time it was written, it is the same
     * whenever the same training is run again, so a continued run that seeds itself from it is
     * repeatable stage after stage.
     */
    static String fingerprint(Path modelDir) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        ByteBuffer bytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        for (OnnxMl.TensorProto t :
                read(modelDir.resolve(OnnxMaskClassifier.MODEL_FILE)).getGraph().getInitializerList()) {
            sha256.update(t.getName().getBytes(StandardCharsets.UTF_8));
            for (float value : floats(t)) {
                sha256.update(bytes.clear().putFloat(value).array());
            }
        }
        return HexFormat.of().formatHex(sha256.digest(), 0, 8);
    }

    /**
     * Re-expresses every batch norm of {@code net} around the statistics its convolution's output
     * has on {@code images} (a batch of training inputs): inference computes the same function as
     * before, and training-mode batch norm, which uses each batch's statistics, computes nearly it.
     */
    static void calibrate(MobileNetV2 net, NDArray images) {
        ParameterStore parameters = new ParameterStore(images.getManager(), false);
        NDArray x = images;
        for (Layer layer : net.layers()) {
            if (layer instanceof Layer.ConvBn || layer instanceof Layer.Blur) {
                x = calibrate(layer, x, parameters);
            } else if (layer instanceof Layer.Plain plain) {
                for (Layer inner : plain.body()) {
                    x = calibrate(inner, x, parameters);
                }
            } else if (layer instanceof Layer.Residual residual) {
                NDArray body = x;
                for (Layer inner : residual.body()) {
                    body = calibrate(inner, body, parameters);
                }
                x = x.add(body);
            } else {
                return; // pooling and the classifier hold no batch norm
            }
        }
    }

    /** A convolution's or a blur's output, the convolution's norm calibrated on the way. */
    private static NDArray calibrate(Layer layer, NDArray input, ParameterStore parameters) {
        if (layer instanceof Layer.Blur blur) {
            return MobileNetV2.blurBlock(blur.channels())
                    .forward(parameters, new NDList(input), false)
                    .singletonOrThrow();
        }
        return calibrate((Layer.ConvBn) layer, input, parameters);
    }

    /** Calibrates one layer's norm and returns the layer's output (unchanged by the calibration). */
    private static NDArray calibrate(Layer.ConvBn layer, NDArray input, ParameterStore parameters) {
        NDArray z = layer.conv().forward(parameters, new NDList(input), false).singletonOrThrow();
        long channels = z.getShape().get(1);
        Shape perChannel = new Shape(1, channels, 1, 1);
        // One row per channel (DJL's PyTorch engine averages over one axis at a time).
        NDArray rows = z.transpose(1, 0, 2, 3).reshape(channels, -1);
        NDArray mean = rows.mean(new int[] {1});
        NDArray variance = rows.sub(mean.reshape(channels, 1)).square().mean(new int[] {1});
        NDArray gamma = parameter(layer, "gamma");
        NDArray beta = parameter(layer, "beta");
        NDArray runningMean = parameter(layer, "runningMean");
        NDArray runningVar = parameter(layer, "runningVar");
        // Inference computes scale * z + shift per channel; keep exactly that.
        NDArray scale = gamma.div(runningVar.add(MobileNetV2.BN_EPSILON).sqrt());
        NDArray shift = beta.sub(runningMean.mul(scale));
        NDArray output = z.mul(scale.reshape(perChannel)).add(shift.reshape(perChannel));
        if (layer.relu6()) {
            output = output.clip(0, 6);
        }
        gamma.set(scale.mul(variance.add(MobileNetV2.BN_EPSILON).sqrt()).toFloatArray());
        beta.set(scale.mul(mean).add(shift).toFloatArray());
        runningMean.set(mean.toFloatArray());
        runningVar.set(variance.toFloatArray());
        return output;
    }

    private static NDArray parameter(Layer.ConvBn layer, String name) {
        return layer.norm().getParameters().get(name).getArray();
    }

    private static List<Layer.ConvBn> convLayers(MobileNetV2 net) {
        List<Layer.ConvBn> layers = new ArrayList<>();
        for (Layer layer : net.layers()) {
            if (layer instanceof Layer.Plain plain) {
                plain.body().forEach(inner -> addConvolution(layers, inner));
            } else if (layer instanceof Layer.Residual residual) {
                residual.body().forEach(inner -> addConvolution(layers, inner));
            } else {
                addConvolution(layers, layer);
            }
        }
        return layers;
    }

    /** Adds {@code layer} if it is a convolution: blurs, pooling and the classifier are not. */
    private static void addConvolution(List<Layer.ConvBn> layers, Layer layer) {
        if (layer instanceof Layer.ConvBn convBn) {
            layers.add(convBn);
        }
    }

    private static void set(NDArray target, float[] values, Path modelDir) {
        if (values == null || values.length != target.size()) {
            throw new TrainingException(modelDir + " does not match " + target.getShape()
                    + " weights of this network; train with that model's width and input size");
        }
        target.set(values);
    }

    private static OnnxMl.ModelProto read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return OnnxMl.ModelProto.parseFrom(in);
        } catch (IOException e) {
            throw new TrainingException(
                    "cannot read " + file + " (" + e.getMessage()
                            + "); the initial model must be one made by 'maskwatch train'",
                    e);
        }
    }

    private static float[] floats(OnnxMl.TensorProto tensor) {
        if (!tensor.getRawData().isEmpty()) {
            ByteBuffer raw = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[raw.remaining() / 4];
            raw.asFloatBuffer().get(values);
            return values;
        }
        float[] values = new float[tensor.getFloatDataCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = tensor.getFloatData(i);
        }
        return values;
    }
}
