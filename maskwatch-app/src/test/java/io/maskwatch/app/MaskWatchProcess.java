package io.maskwatch.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code maskwatch} in a child JVM, for tests of what only a real process shows (signals, exit
 * codes): its merged output is read line by line, and Ctrl-C is sent as SIGINT.
 */
public final class MaskWatchProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader lines;
    private final List<String> output = new ArrayList<>();

    private MaskWatchProcess(Process process) {
        this.process = process;
        this.lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts {@code java <jvmOptions> MaskWatch <args>} with the test class path. */
    public static MaskWatchProcess start(List<String> jvmOptions, String... args) throws IOException {
        return start(java.util.Map.of(), jvmOptions, args);
    }

    /** As above, with {@code environment} added to the process's environment. */
    public static MaskWatchProcess start(
            java.util.Map<String, String> environment, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        // A shell starting a job in the background (nohup ... &) ignores SIGINT, children inherit
        // that and the JVM then never sees Ctrl-C; env (which execs java, keeping the pid) restores
        // the default, so the signal tests pass however the build was started.
        command.addAll(List.of("env", "--default-signal=INT"));
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add(MaskWatch.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        // Through the environment, not -cp: ONNX Runtime 1.29 crashes (SIGSEGV) at start-up when the
        // process's command line is longer than about 4 KB, and the test class path is 10 KB.
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        return new MaskWatchProcess(builder.start());
    }

    /** Reads output until a line matches; fails with everything printed if the process ends first. */
    public String awaitLine(Predicate<String> wanted, String what) throws IOException, InterruptedException {
        for (String line; (line = lines.readLine()) != null; ) {
            output.add(line);
            if (wanted.test(line)) {
                return line;
            }
        }
        throw new AssertionError(what + " never came (exit " + process.waitFor() + "):\n" + String.join("\n", output));
    }

    /** SIGINT, as Ctrl-C sends it ({@link Process#destroy} would also close the pipe we read from). */
    public void interrupt() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-INT", String.valueOf(process.pid()))
                .start()
                .waitFor();
    }

    /** kill -9: the process ends at once, with no shutdown hook and nothing flushed, as in a power cut. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Waits for the end; true when it came within the time. */
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        return process.waitFor(timeout, unit);
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** Everything printed so far, after reading what is left once the process has ended. */
    public String printed() throws IOException {
        if (!process.isAlive()) {
            for (String line; (line = lines.readLine()) != null; ) {
                output.add(line);
            }
        }
        return String.join("\n", output);
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        lines.close();
    }
}
