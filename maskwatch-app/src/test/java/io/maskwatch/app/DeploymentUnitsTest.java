package io.maskwatch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The systemd units in {@code deploy/systemd}: each runs as its own user, restarts on failure, keeps
 * ONNX Runtime's telemetry off, and its command line is one that {@code maskwatch} accepts, so the
 * units cannot drift from the CLI.
 */
class DeploymentUnitsTest {
    private static final Path UNITS = SharedData.repoRoot().resolve("deploy/systemd");

    @Test
    void everyUnitRunsAsItsOwnUserRestartsOnFailureAndCallsAValidCommand() throws Exception {
        List<Path> units;
        try (Stream<Path> files = Files.list(UNITS)) {
            units = files.filter(f -> f.toString().endsWith(".service"))
                    .sorted()
                    .toList();
        }
        assertThat(units)
                .extracting(u -> u.getFileName().toString())
                .containsExactly("maskwatch-detect.service", "maskwatch-server.service");
        for (Path unit : units) {
            List<String> lines = Files.readAllLines(unit);
            assertThat(lines).as(unit.toString()).contains("User=maskwatch", "Restart=on-failure");
            assertThat(lines).as(unit.toString()).anyMatch(l -> l.startsWith("EnvironmentFile="));
            // ONNX Runtime's telemetry starts unless this is set before the process starts.
            assertThat(lines).as(unit.toString()).contains("Environment=ORT_DISABLE_TELEMETRY=1");
            String exec = lines.stream()
                    .filter(l -> l.startsWith("ExecStart="))
                    .findFirst()
                    .orElseThrow();
            String[] words = exec.substring("ExecStart=".length()).trim().split("\\s+");
            assertThat(words[0]).isEqualTo("/opt/maskwatch/bin/maskwatch");
            String[] args = Arrays.copyOfRange(words, 1, words.length);
            // Parsing alone, by the command of the package the unit ships in: the command and every
            // option exist there, with the values they take.
            CommandLine packageCommand = unit.getFileName().toString().equals("maskwatch-detect.service")
                    ? MaskWatchEdge.commandLine()
                    : MaskWatchServer.commandLine();
            CommandLine.ParseResult parsed = packageCommand.parseArgs(args);
            assertThat(parsed.hasSubcommand()).as(exec).isTrue();
        }
    }

    @Test
    void theSecretsLiveInTheEnvironmentFilesAndTheirExamplesHoldNoValue() throws Exception {
        for (String example : List.of("maskwatch.env.example", "server.env.example")) {
            for (String line : Files.readAllLines(UNITS.resolve(example))) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    assertThat(line).as(example).matches("MASKWATCH_[A-Z_]+=<[^>]+>");
                }
            }
        }
    }
}
