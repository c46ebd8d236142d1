package io.maskwatch.core.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A folder under the system's temporary directory that is deleted, with everything in it, on
 * close: for the benchmarks' throw-away stores and the test databases, which otherwise pile up
 * (an embedded PostgreSQL leaves 50-150 MB per run).
 */
public final class TemporaryFolder implements AutoCloseable {
    private final Path path;

    private TemporaryFolder(Path path) {
        this.path = path;
    }

    /** Creates a new, empty folder whose name starts with {@code prefix}. */
    public static TemporaryFolder create(String prefix) throws IOException {
        return new TemporaryFolder(Files.createTempDirectory(prefix));
    }

    public Path path() {
        return path;
    }

    public Path resolve(String name) {
        return path.resolve(name);
    }

    /** Deletes the folder and everything in it; a folder already gone is fine. */
    @Override
    public void close() {
        deleteTree(path);
    }

    /**
     * Deletes {@code dir} and everything under it, deepest first.
     *
     * @throws UncheckedIOException naming the first file that could not be deleted
     */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the temporary folder " + dir + ": " + e.getMessage(), e);
        }
    }
}
