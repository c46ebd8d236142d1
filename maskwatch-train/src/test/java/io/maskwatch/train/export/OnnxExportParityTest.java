package io.maskwatch.train.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.maskwatch.classifier.OnnxRuntimeEnvironment;
import io.maskwatch.train.net.MobileNetV2;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The exported ONNX file must compute what the trained DJL network computes. */
class OnnxExportParityTest {

    @ParameterizedTest(name = "anti-aliased: {0}")
    @ValueSource(booleans = {false, true})
    void onnxRuntimeMatchesDjlOnRandomInputs(boolean antiAliased, @TempDir Path dir) throws Exception {
        int size = 64;
        MobileNetV2 net = MobileNetV2.build(0.5, 2, 0.2, antiAliased);
        Random random = new Random(3);
        try (Model model = Model.newInstance("parity", "PyTorch");
                NDManager manager = NDManager.newBaseManager("PyTorch")) {
            model.setBlock(net.block());
            net.block().initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 3, size, size));
            // Non-trivial batch-norm statistics, so the folding into convolutions is really tested.
            for (Pair<String, Parameter> p : net.block().getParameters()) {
                NDArray array = p.getValue().getArray();
                if (p.getKey().endsWith("runningVar")) {
                    array.set(randomArray(random, (int) array.size(), 0.5f, 1.5f));
                } else if (p.getKey().endsWith("runningMean") || p.getKey().endsWith("beta")) {
                    array.set(randomArray(random, (int) array.size(), -0.2f, 0.2f));
                } else if (p.getKey().endsWith("gamma")) {
                    array.set(randomArray(random, (int) array.size(), 0.5f, 1.5f));
                }
            }
            int batch = 5;
            float[] input = randomArray(random, batch * 3 * size * size, -2f, 2f);
            NDArray x = manager.create(input, new Shape(batch, 3, size, size));
            NDArray logits = net.block()
                    .forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow();
            float[] expected = logits.softmax(1).toFloatArray();

            Path onnx = dir.resolve("model.onnx");
            OnnxExporter.export(net, size, Map.of("model_id", "parity-test"), onnx);

            OrtEnvironment env = OnnxRuntimeEnvironment.get();
            try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
                    OnnxTensor tensor =
                            OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {batch, 3, size, size});
                    OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT, tensor))) {
                float[][] actual = (float[][]) result.get(0).getValue();
                assertThat(actual).hasNumberOfRows(batch);
                double maxDiff = 0;
                for (int i = 0; i < batch; i++) {
                    for (int c = 0; c < 2; c++) {
                        maxDiff = Math.max(maxDiff, Math.abs(actual[i][c] - expected[i * 2 + c]));
                    }
                }
                assertThat(maxDiff).isLessThanOrEqualTo(1e-4);
                assertThat(session.getMetadata().getCustomMetadata()).containsEntry("model_id", "parity-test");
            }
        }
    }

    private static float[] randomArray(Random random, int n, float lo, float hi) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = lo + random.nextFloat() * (hi - lo);
        }
        return values;
    }
}
