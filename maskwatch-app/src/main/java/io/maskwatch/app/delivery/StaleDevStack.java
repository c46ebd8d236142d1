package io.maskwatch.app.delivery;

import io.maskwatch.app.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a previous dev-stack left in its folder. A dev-stack killed with kill -9 leaves its
 * PostgreSQL server running (a child process of its own) and its data folders behind; the next
 * start stops that server (its pid is in {@code postmaster.pid}) and clears the folders.
 */
final class StaleDevStack {
    static final String POSTGRES = "postgres";
    static final String KAFKA = "kafka";
    static final String MAIL = "mail";

    private static final Logger log = LoggerFactory.getLogger(StaleDevStack.class);

    private StaleDevStack() {}

    static void clear(Path dir) {
        Path postgres = dir.resolve(POSTGRES);
        stopLeftoverPostgres(postgres);
        for (String part : new String[] {POSTGRES, KAFKA, MAIL}) {
            deleteTree(dir.resolve(part));
        }
    }

    private static void stopLeftoverPostgres(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try (Stream<String> lines = Files.lines(pidFile)) {
            long pid = Long.parseLong(lines.findFirst().orElse("").trim());
            Optional<ProcessHandle> server = ProcessHandle.of(pid);
            if (server.isPresent() && server.get().isAlive()) {
                log.info("stopping the PostgreSQL server (pid {}) a previous dev-stack left running", pid);
                server.get().destroy();
                server.get()
                        .onExit()
                        .get(
                                java.util.concurrent.TimeUnit.SECONDS.toMillis(20),
                                java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            log.warn("could not stop the PostgreSQL a previous dev-stack left in {}: {}", dataDir, e.toString());
        }
    }

    private static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UserError(
                    "cannot clear " + folder + " (left by a previous dev-stack): " + e.getMessage()
                            + "; delete it, or choose another folder with --dir",
                    e);
        }
    }
}
