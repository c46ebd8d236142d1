package io.maskwatch.server.testing;

import io.maskwatch.core.image.SyntheticJpeg;
import io.maskwatch.testing.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Face crops for alerts in browser tests: real unmasked faces from {@code ../shared} when it is
 * there (read at run time, never copied into the repository), so that screenshots show what an
 * operator would see; made-up JPEGs otherwise.
 */
public final class FaceImages {
    private FaceImages() {}

    public static List<byte[]> some(int n) {
        Path faces = SharedData.root().resolve("data/mask-faces/val/without_mask");
        if (Files.isDirectory(faces)) {
            try (Stream<Path> files = Files.list(faces)) {
                return files.filter(f -> f.toString().endsWith(".jpg"))
                        .sorted()
                        .limit(n)
                        .map(FaceImages::read)
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Stream.iterate(0, i -> i + 1)
                .limit(n)
                .map(i -> SyntheticJpeg.ofSize(4_000, i))
                .toList();
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
