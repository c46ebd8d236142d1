package io.maskwatch.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.maskwatch.testing.SharedData;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * CUDA asked for where ONNX Runtime cannot run it (the CPU build MaskWatch is built with): the
 * model runs on the CPU, reports so with the reason, and one line says it, once.
 */
class OnnxSessionsTest {
    private static final String NO_CUDA =
            "this ONNX Runtime has no CUDA provider (the GPU variant is built with -Pgpu)";

    @Test
    void cudaWithoutItsProviderRunsOnTheCpuAndSaysWhyOnce() throws Exception {
        Path onnx = SharedData.repoRoot().resolve("models/mask-classifier/model.onnx");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(OnnxSessions.class);
        logger.addAppender(logs);
        logs.start();
        try {
            for (int i = 0; i < 2; i++) {
                OnnxSessions.Opened opened = OnnxSessions.open(
                        (env, options) -> env.createSession(onnx.toString(), options),
                        1,
                        InferenceProvider.CUDA,
                        "test.provider");
                opened.session().close();
                assertThat(opened.provider().asked()).isEqualTo(InferenceProvider.CUDA);
                assertThat(opened.provider().used()).isEqualTo(InferenceProvider.CPU);
                assertThat(opened.provider().reason()).isEqualTo(NO_CUDA);
                assertThat(opened.provider().describe())
                        .startsWith("onnxruntime cpu (")
                        .endsWith("; cuda asked for: " + NO_CUDA);
            }
        } finally {
            logger.detachAppender(logs);
        }
        assertThat(logs.list)
                .as("one line for the two sessions")
                .singleElement()
                .satisfies(line -> {
                    assertThat(line.getLevel()).isEqualTo(Level.WARN);
                    assertThat(line.getFormattedMessage())
                            .isEqualTo("test.provider: provider cuda asked for, but " + NO_CUDA + "; running on cpu");
                });
    }

    @Test
    void theClassifierAskedToRunOnCudaClassifiesOnTheCpu() {
        Path shipped = SharedData.repoRoot().resolve("models/mask-classifier");
        try (OnnxMaskClassifier cuda = OnnxMaskClassifier.load(shipped, 1, InferenceProvider.CUDA);
                OnnxMaskClassifier cpu = OnnxMaskClassifier.load(shipped, 1)) {
            assertThat(cuda.provider().used()).isEqualTo(InferenceProvider.CPU);
            assertThat(cuda.provider().reason()).isEqualTo(NO_CUDA);
            assertThat(cpu.provider().fellBack()).isFalse();
            int s = cuda.manifest().inputSize();
            FloatBuffer faces = FloatBuffer.allocate(2 * 3 * s * s);
            for (int i = 0; i < faces.capacity(); i++) {
                faces.put(i, (float) Math.sin(i * 0.01));
            }
            assertThat(cuda.noMaskProbabilities(faces, 2)).isEqualTo(cpu.noMaskProbabilities(faces, 2));
        }
    }
}
