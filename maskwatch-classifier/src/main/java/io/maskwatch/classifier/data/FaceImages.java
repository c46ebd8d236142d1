package io.maskwatch.classifier.data;

import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.classifier.FaceTensors;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the pixels of labelled faces: annotated boxes cut from their photo with the model's
 * crop rule ({@link FaceCrop}); pictures of class folders cut the same way around the face a
 * {@link FaceFinder} finds in them, or used whole when it finds none. Each photo is decoded once
 * however many faces it holds. Unreadable files are skipped with a warning and counted, not fatal.
 */
public final class FaceImages {
    private static final Logger log = LoggerFactory.getLogger(FaceImages.class);

    /**
     * A face and its pixels (RGB, at most {@code maxSide} on its longer side).
     *
     * @param faceInPixels where the face box lies in {@code pixels}, or {@code null} for a picture
     *     used whole (its face was not located)
     */
    public record Loaded(LabelledFace face, BufferedImage pixels, LabelledFace.Box faceInPixels) {}

    /**
     * Faces that loaded, one line per file that did not, and how the finder did.
     *
     * @param searched pictures without a box the finder looked at
     * @param found of those, pictures in which it found a face (the others were used whole)
     */
    public record Result(List<Loaded> faces, List<String> skipped, int searched, int found) {
        /** One line for logs and reports, e.g. "faces found by yunet (...) in 243 of 255 pictures, the rest used whole". */
        public String describeSearch(FaceFinder finder) {
            return searched == 0
                    ? "no pictures to search"
                    : "faces found by " + finder.describe() + " in " + found + " of " + searched + " pictures"
                            + (found < searched ? ", the rest used whole" : "");
        }
    }

    /**
     * {@code maxSide} for crops kept as cut: evaluation keeps them so, so that each face becomes
     * the classifier's input in one resize from the photo's pixels, exactly as in {@code detect}.
     */
    public static final int FULL_SIZE = Integer.MAX_VALUE;

    private FaceImages() {}

    /** Loads faces, using pictures of class folders whole. */
    public static Result load(List<LabelledFace> faces, double margin, int maxSide) {
        return load(faces, margin, maxSide, FaceFinder.WHOLE_PICTURES);
    }

    /** Loads faces; in pictures of class folders {@code finder} locates the face first. */
    public static Result load(List<LabelledFace> faces, double margin, int maxSide, FaceFinder finder) {
        Map<Path, List<LabelledFace>> byImage = new LinkedHashMap<>();
        faces.forEach(
                f -> byImage.computeIfAbsent(f.image(), k -> new ArrayList<>()).add(f));
        ConcurrentLinkedQueue<String> skipped = new ConcurrentLinkedQueue<>();
        AtomicInteger searched = new AtomicInteger();
        AtomicInteger found = new AtomicInteger();
        List<List<Loaded>> perImage = byImage.entrySet().parallelStream()
                .map(e -> loadImage(
                        e.getKey(), e.getValue(), margin, maxSide, new Search(finder, searched, found), skipped))
                .toList();
        List<Loaded> loaded = new ArrayList<>();
        perImage.forEach(loaded::addAll);
        List<String> skippedList = new ArrayList<>(skipped);
        if (!skippedList.isEmpty()) {
            log.warn("skipped {} unreadable image(s), e.g. {}", skippedList.size(), skippedList.get(0));
        }
        return new Result(loaded, skippedList, searched.get(), found.get());
    }

    private static List<Loaded> loadImage(
            Path file,
            List<LabelledFace> faces,
            double margin,
            int maxSide,
            Search search,
            ConcurrentLinkedQueue<String> skipped) {
        BufferedImage image = read(file, skipped);
        if (image == null) {
            return List.of();
        }
        List<Loaded> out = new ArrayList<>(faces.size());
        for (LabelledFace face : faces) {
            LabelledFace located = face.box() != null ? face : search.locate(face, image);
            if (located.box() == null) {
                out.add(new Loaded(located, shrink(image, maxSide), null));
                continue;
            }
            FaceCrop crop = crop(image, located.box(), margin);
            BufferedImage pixels =
                    shrink(image.getSubimage(crop.x1(), crop.y1(), crop.width(), crop.height()), maxSide);
            out.add(new Loaded(located, pixels, boxInCrop(located.box(), crop, pixels)));
        }
        return out;
    }

    /** The finder and its tally, shared by the threads that decode pictures. */
    private record Search(FaceFinder finder, AtomicInteger searched, AtomicInteger found) {
        LabelledFace locate(LabelledFace face, BufferedImage picture) {
            if (finder == FaceFinder.WHOLE_PICTURES) {
                return face;
            }
            searched.incrementAndGet();
            Optional<LabelledFace.Box> box = finder.find(picture);
            box.ifPresent(b -> found.incrementAndGet());
            return box.map(face::withFoundBox).orElse(face);
        }
    }

    /** Reads an image as RGB, or records why it cannot be read and returns {@code null}. */
    public static BufferedImage read(Path file, Collection<String> skipped) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                skipped.add(file + ": not a decodable image");
                return null;
            }
            return toRgb(image);
        } catch (IOException | RuntimeException e) {
            skipped.add(file + ": " + Objects.requireNonNullElse(e.getMessage(), e.toString()));
            return null;
        }
    }

    private static FaceCrop crop(BufferedImage image, LabelledFace.Box box, double margin) {
        return FaceCrop.around(box.x1(), box.y1(), box.x2(), box.y2(), margin, image.getWidth(), image.getHeight());
    }

    /** The face box in the coordinates of the (possibly shrunk) crop cut around it. */
    private static LabelledFace.Box boxInCrop(LabelledFace.Box box, FaceCrop crop, BufferedImage pixels) {
        double scale = (double) pixels.getWidth() / crop.width();
        return new LabelledFace.Box(
                (int) Math.round((box.x1() - crop.x1()) * scale),
                (int) Math.round((box.y1() - crop.y1()) * scale),
                (int) Math.round((box.x2() - crop.x1()) * scale),
                (int) Math.round((box.y2() - crop.y1()) * scale));
    }

    /** Shrinks by the one resize ({@link FaceTensors}), so a shrunk crop is what detect would see. */
    private static BufferedImage shrink(BufferedImage image, int maxSide) {
        int longer = Math.max(image.getWidth(), image.getHeight());
        if (longer <= maxSide) {
            // A copy: a sub-image would keep its whole photo in memory for as long as the face.
            return copy(image);
        }
        double scale = (double) maxSide / longer;
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        return FaceTensors.resized(image, w, h);
    }

    private static BufferedImage copy(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        int w = image.getWidth();
        out.setRGB(0, 0, w, image.getHeight(), image.getRGB(0, 0, w, image.getHeight(), null, 0, w), 0, w);
        return out;
    }

    private static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        var g = rgb.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return rgb;
    }
}
