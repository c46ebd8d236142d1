package io.maskwatch.app.detect;

import io.maskwatch.app.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** {@code detect --out}: what it may name, checked before anything runs. */
final class OutputTarget {
    /** The containers {@code VideoFileWriter}'s MPEG-4 Part 2 stream goes into. */
    static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "avi", "mkv");

    private OutputTarget() {}

    /**
     * @param stills true when the source is images: {@code --out} is then a folder of annotated images
     */
    static void check(Path out, boolean stills) {
        if (stills) {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new UserError("--out " + out + " is a file, but for images --out names a folder of annotated"
                        + " images; give a folder (it is created when missing)");
            }
            return;
        }
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        String extension = name.substring(name.lastIndexOf('.') + 1);
        if (name.indexOf('.') < 0 || !VIDEO_EXTENSIONS.contains(extension)) {
            throw new UserError("--out " + out + ": an annotated video is written as .mp4, .avi or .mkv;"
                    + " name the file with one of these endings (for a folder of images, --out is a folder)");
        }
        Path folder = out.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new UserError(
                    "--out " + out + ": the folder " + folder + " does not exist; create it or choose another path");
        }
    }
}
