package io.maskwatch.vision.source;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Still images: one file or every image of a folder, in name order. An unreadable image is logged,
 * counted and skipped; the rest of the folder is still analysed.
 */
public final class ImageFilesReader implements FrameReader {
    private static final Logger log = LoggerFactory.getLogger(ImageFilesReader.class);
    public static final Set<String> EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "bmp", "webp", "tif", "tiff", "ppm", "pgm", "jp2");

    private final Iterator<Path> files;
    private final SourceStats stats;
    private long index;

    private ImageFilesReader(List<Path> files, SourceStats stats) {
        this.files = files.iterator();
        this.stats = stats;
    }

    static ImageFilesReader open(Path fileOrFolder, SourceStats stats) throws IOException {
        if (Files.isRegularFile(fileOrFolder)) {
            return new ImageFilesReader(List.of(fileOrFolder), stats);
        }
        List<Path> all;
        try (Stream<Path> list = Files.list(fileOrFolder)) {
            all = list.sorted().toList();
        }
        List<Path> images = all.stream().filter(ImageFilesReader::isImage).toList();
        if (images.isEmpty()) {
            // Not a run with nothing in it: a script must not take "0 frames" for a folder checked.
            throw new SourceException("folder " + fileOrFolder + " holds no images ("
                    + (all.isEmpty()
                            ? "it is empty"
                            : all.size() + (all.size() == 1 ? " entry" : " entries") + ", none a file ending in "
                                    + extensions())
                    + "); give a folder of images, an image or a video file");
        }
        return new ImageFilesReader(images, stats);
    }

    private static String extensions() {
        return EXTENSIONS.stream().sorted().map(e -> "." + e).collect(Collectors.joining(", "));
    }

    public static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1)) && Files.isRegularFile(file);
    }

    @Override
    public VideoFrame read() throws IOException {
        while (files.hasNext()) {
            Path file = files.next();
            Mat image = imread(file.toString(), IMREAD_COLOR);
            if (image == null || image.empty()) {
                if (image != null) {
                    image.close();
                }
                stats.skipped.incrementAndGet();
                log.warn("skipping {}: not a readable image (corrupt, truncated or unsupported format)", file);
                continue;
            }
            Instant time = Files.getLastModifiedTime(file).toInstant();
            return new VideoFrame(image, index++, time, file.getFileName().toString());
        }
        return null;
    }

    @Override
    public double frameRate() {
        return 0;
    }

    @Override
    public void close() {
        // Nothing is held open between images.
    }
}
