package io.maskwatch.app.chaos;

import io.maskwatch.app.MaskWatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@code maskwatch} command in a process of its own, with the running JVM's class path. */
final class ServiceProcess implements AutoCloseable {
    private final Path work;
    private final String name;
    private final String[] args;
    private Process process;
    private boolean killed;

    private ServiceProcess(Path work, String name, String[] args) {
        this.work = work;
        this.name = name;
        this.args = args;
    }

    static ServiceProcess start(Path work, String name, String... args) throws IOException {
        ServiceProcess service = new ServiceProcess(work, name, args);
        service.restart();
        return service;
    }

    synchronized void restart() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+ExitOnOutOfMemoryError"); // as the launchers run the services
        command.add(MaskWatch.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        // The class path through the environment: a long -cp crashes ONNX Runtime's start-up.
        builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
        builder.redirectErrorStream(true);
        builder.redirectOutput(
                ProcessBuilder.Redirect.appendTo(work.resolve(name + ".log").toFile()));
        process = builder.start();
        killed = false;
    }

    /** The exit status of a process that ended without {@link #kill()}, else null. */
    synchronized Integer exitedByItself() {
        return process != null && !killed && !process.isAlive() ? process.exitValue() : null;
    }

    String name() {
        return name;
    }

    Path log() {
        return work.resolve(name + ".log");
    }

    /** The last WARN and ERROR lines of its log, with the exceptions under them (not their frames). */
    String lastWarnings(int count) throws IOException {
        if (!Files.exists(log())) {
            return "    (no log)\n";
        }
        List<String> warnings = new ArrayList<>();
        boolean inWarning = false;
        for (String line : Files.readAllLines(log(), StandardCharsets.UTF_8)) {
            boolean header = line.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d+ .*");
            if (header) {
                inWarning = line.contains(" WARN ") || line.contains(" ERROR ");
            }
            boolean frame = line.startsWith("\tat ") || line.startsWith("\t...");
            if (!frame && (inWarning || line.startsWith("Exception in thread") || line.startsWith("error:"))) {
                warnings.add("    " + (line.length() > 300 ? line.substring(0, 300) + "..." : line));
            }
        }
        List<String> last = warnings.subList(Math.max(0, warnings.size() - count), warnings.size());
        return last.isEmpty() ? "    (none)\n" : String.join("\n", last) + "\n";
    }

    /** kill -9: no shutdown hook runs, nothing is flushed or committed. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            killed = true;
            process.destroyForcibly();
            process.waitFor();
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
