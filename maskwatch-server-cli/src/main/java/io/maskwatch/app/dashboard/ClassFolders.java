package io.maskwatch.app.dashboard;

import io.maskwatch.app.UserError;
import io.maskwatch.server.web.review.Verdict;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Reviewed face crops laid out as {@code maskwatch train --data DIR} reads class folders
 * (maskwatch-classifier's FaceDataSetReader): {@code with_mask/} and {@code without_mask/}, each
 * holding only pictures (.jpg, .png); a file whose name starts with a dot is passed over, so files
 * being written are named so. An alert marked false_alarm goes to {@code with_mask/}: the person
 * wore a mask (or there was no face at all, which an operator must take out before training); one
 * marked confirmed goes to {@code without_mask/}.
 *
 * <p>Each alert is {@code alert-<id>.jpg} or {@code .png}. An export into a folder that already has
 * one leaves a file holding the same picture as it is, and moves it when the alert was reviewed
 * the other way since; a different picture under the name (another archive's alert of that id) is
 * never overwritten.
 */
final class ClassFolders {
    static final String WITH_MASK = "with_mask";
    static final String WITHOUT_MASK = "without_mask";
    private static final List<String> EXTENSIONS = List.of("jpg", "png");

    /** What became of one alert. */
    enum Outcome {
        WRITTEN,
        /** The same picture was already there. */
        UNCHANGED,
        /** It was in the other class folder: the alert was reviewed again since the last export. */
        MOVED,
        /** A different picture holds its name; nothing was written. */
        CONFLICT,
        /** Its bytes are no picture an image reader knows; nothing was written. */
        UNREADABLE
    }

    /** What {@link #write} did, and where the picture is (or would have been). */
    record Written(Outcome outcome, Path file) {}

    private final Path root;

    private ClassFolders(Path root) {
        this.root = root;
    }

    static ClassFolders create(Path root) {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new UserError("--out: " + root + " is a file; give a folder (it is made if missing)");
        }
        try {
            Files.createDirectories(root.resolve(WITH_MASK));
            Files.createDirectories(root.resolve(WITHOUT_MASK));
        } catch (IOException e) {
            throw new UserError(
                    "--out: cannot make the class folders in " + root + " (" + e + "); choose a folder you"
                            + " may write to",
                    e);
        }
        return new ClassFolders(root);
    }

    Path root() {
        return root;
    }

    /** The class folder of a review: a false alarm showed a masked person, a confirmed alert an unmasked one. */
    static String classOf(String review) {
        if (Verdict.FALSE_ALARM.apiName().equals(review)) {
            return WITH_MASK;
        }
        if (Verdict.CONFIRMED.apiName().equals(review)) {
            return WITHOUT_MASK;
        }
        throw new IllegalStateException("alert.review holds '" + review + "', which no dashboard writes");
    }

    Written write(ReviewedAlert alert) {
        Picture picture = Picture.of(alert.image());
        String folder = classOf(alert.review());
        if (picture == null) {
            return new Written(Outcome.UNREADABLE, root.resolve(folder));
        }
        Path target = root.resolve(folder).resolve(name(alert.id(), picture.extension()));
        try {
            boolean present = false;
            List<Path> elsewhere = new ArrayList<>();
            for (Path existing : namesOf(alert.id())) {
                if (!Files.exists(existing)) {
                    continue;
                }
                if (!Arrays.equals(Files.readAllBytes(existing), picture.bytes())) {
                    return new Written(Outcome.CONFLICT, existing);
                }
                if (existing.equals(target)) {
                    present = true;
                } else {
                    elsewhere.add(existing);
                }
            }
            if (!present) {
                writeWhole(target, picture.bytes());
            }
            for (Path stale : elsewhere) {
                Files.delete(stale);
            }
            return new Written(
                    elsewhere.isEmpty() ? (present ? Outcome.UNCHANGED : Outcome.WRITTEN) : Outcome.MOVED, target);
        } catch (IOException e) {
            throw unwritable(target, e);
        }
    }

    /** Written under a dot name and then renamed: an interrupted export leaves no half picture to train on. */
    static void writeWhole(Path target, byte[] bytes) throws IOException {
        Path part = target.resolveSibling("." + target.getFileName() + ".part");
        Files.write(part, bytes);
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static UserError unwritable(Path file, IOException e) {
        return new UserError(
                "--out: cannot write " + file + " (" + e + "); check the folder's space and permissions", e);
    }

    private List<Path> namesOf(long id) {
        List<Path> names = new ArrayList<>();
        for (String folder : List.of(WITH_MASK, WITHOUT_MASK)) {
            for (String extension : EXTENSIONS) {
                names.add(root.resolve(folder).resolve(name(id, extension)));
            }
        }
        return names;
    }

    private static String name(long id, String extension) {
        return "alert-" + id + "." + extension;
    }

    /**
     * The bytes to write and their extension: a JPEG (what devices send) or PNG as it is; any other
     * picture the ingress let in (it takes what an image reader decodes) as PNG, which train reads.
     */
    record Picture(byte[] bytes, String extension) {
        private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
        private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

        static Picture of(byte[] image) {
            if (startsWith(image, JPEG)) {
                return new Picture(image, "jpg");
            }
            if (startsWith(image, PNG)) {
                return new Picture(image, "png");
            }
            try {
                BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image));
                if (decoded == null) {
                    return null;
                }
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(decoded, "png", png);
                return new Picture(png.toByteArray(), "png");
            } catch (IOException | RuntimeException e) {
                // Image readers throw what they like on damaged input.
                return null;
            }
        }

        private static boolean startsWith(byte[] bytes, byte[] prefix) {
            return bytes.length >= prefix.length && Arrays.equals(Arrays.copyOf(bytes, prefix.length), prefix);
        }
    }
}
