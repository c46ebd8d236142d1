package io.maskwatch.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a process that loads the classifier leaves on the machine, run as a child process with an
 * empty temporary folder and home of its own. ONNX Runtime 1.29 starts Microsoft's telemetry when
 * its environment is created; {@link OnnxRuntimeEnvironment} turns telemetry off at once, which
 * cannot keep its files from being written: only {@code ORT_DISABLE_TELEMETRY=1} in the process's
 * environment does, and MaskWatch's launchers set it ({@code PackagesIT} runs them). Whether ONNX
 * Runtime writes them without the variable differs between machines, so the first test only
 * holds that what it leaves is its telemetry; the second, that the variable leaves nothing.
 */
@EnabledOnOs(OS.LINUX)
class OnnxRuntimeTelemetryTest {
    private static final Path MODEL = SharedData.repoRoot().resolve(ModelLocator.SHIPPED_MODEL);

    @Test
    void withoutTheVariableWhatIsLeftIsOnlyOnnxRuntimesTelemetry(@TempDir Path dir) throws Exception {
        Left left = classifyOnce(dir, false);

        // Whether ONNX Runtime's telemetry writes anything depends on the machine (it wrote a .ses
        // file and a mat-debug log on the development machine, nothing on the CI machine); what
        // must hold everywhere is that anything left is the telemetry's, which the variable stops.
        System.out.println("Without ORT_DISABLE_TELEMETRY the child left: " + left.temporary()
                + (left.microsoftCache() ? " and Microsoft/ in its cache" : ""));
        assertThat(left.temporary())
                .as("left in the temporary folder without the variable")
                .allMatch(name -> name.endsWith(".ses") || name.matches("mat-debug-\\d+\\.log"));
    }

    @Test
    void withOrtDisableTelemetryTheProcessLeavesNothingInTheTemporaryFolderOrTheCache(@TempDir Path dir)
            throws Exception {
        Left left = classifyOnce(dir, true);

        // Nor the folder ONNX Runtime makes for its libraries at every start (onnxruntime-java*):
        // they come from MaskWatch's cache, and the empty folder is removed when the process ends.
        assertThat(left.temporary()).as("left in the temporary folder").isEmpty();
        assertThat(left.microsoftCache()).as("Microsoft/ in the cache").isFalse();
    }

    /** What is in the child's temporary folder after it ended, and whether its cache holds Microsoft/. */
    private record Left(List<String> temporary, boolean microsoftCache) {}

    private static Left classifyOnce(Path dir, boolean disableTelemetry) throws IOException, InterruptedException {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path home = Files.createDirectories(dir.resolve("home"));
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djava.io.tmpdir=" + tmp,
                        "-Duser.home=" + home,
                        ClassifyOnce.class.getName(),
                        MODEL.toAbsolutePath().toString())
                .redirectErrorStream(true);
        // Through the environment, not -cp: ONNX Runtime 1.29 crashes at start-up on a command line
        // longer than about 4 KB, and the test class path is longer.
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("TMPDIR", tmp.toString());
        builder.environment().put("HOME", home.toString());
        builder.environment().put("XDG_CACHE_HOME", home.resolve(".cache").toString());
        builder.environment().remove("ORT_DISABLE_TELEMETRY");
        if (disableTelemetry) {
            builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES))
                .as("the child process ends")
                .isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("no-mask probability of a grey face");
        try (Stream<Path> files = Files.list(tmp)) {
            return new Left(
                    files.map(p -> p.getFileName().toString()).sorted().toList(),
                    Files.exists(home.resolve(".cache/Microsoft")));
        }
    }
}
