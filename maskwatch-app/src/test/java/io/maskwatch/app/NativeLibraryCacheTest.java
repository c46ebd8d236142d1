package io.maskwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code maskwatch} command that runs ONNX Runtime leaves nothing in the temporary directory: the
 * runtime's libraries come from MaskWatch's cache, copied there by the first command.
 */
class NativeLibraryCacheTest {

    @Test
    void aCommandUsingOnnxRuntimeLeavesNoTemporaryDirectoryBehind(@TempDir Path tmp) throws Exception {
        Path tmpdir = Files.createDirectories(tmp.resolve("tmp"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        for (int run = 0; run < 2; run++) {
            try (MaskWatchProcess bench = MaskWatchProcess.start(
                    List.of("-Djava.io.tmpdir=" + tmpdir, "-Duser.home=" + home),
                    "bench",
                    "classifier",
                    "--threads",
                    "1",
                    "--runs",
                    "5",
                    "--warmup",
                    "5")) {
                assertThat(bench.waitFor(2, TimeUnit.MINUTES)).isTrue();
                assertThat(bench.exitValue()).as(bench.printed()).isZero();
                assertThat(bench.printed()).contains("ms/face");
            }
        }
        try (Stream<Path> left = Files.list(tmpdir)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("onnxruntime-java"));
        }
        if (System.getenv("XDG_CACHE_HOME") == null) {
            try (Stream<Path> cached = Files.walk(home.resolve(".cache/maskwatch/native"))) {
                assertThat(cached.filter(Files::isRegularFile)).hasSize(2);
            }
        }
    }
}
