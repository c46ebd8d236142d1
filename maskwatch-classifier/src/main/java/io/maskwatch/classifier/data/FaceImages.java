package io.maskwatch.classifier.data;

import io.maskwatch.classifier.FaceCrop;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the pixels of labelled faces: whole crops as they are, annotated boxes cut from their
 * photo with the model's crop rule ({@link FaceCrop}). Each photo is decoded once however many
 * faces it holds. Unreadable files are skipped with a warning and counted, not fatal.
 */
public final class FaceImages {
    private static final Logger log = LoggerFactory.getLogger(FaceImages.class);

    /** A face and its pixels (RGB, at most {@code maxSide} on its longer side). */
    public record Loaded(LabelledFace face, BufferedImage pixels) {}

    /** Faces that loaded, and one line per file that did not. */
    public record Result(List<Loaded> faces, List<String> skipped) {}

    private FaceImages() {}

    public static Result load(List<LabelledFace> faces, double margin, int maxSide) {
        Map<Path, List<LabelledFace>> byImage = new LinkedHashMap<>();
        faces.forEach(
                f -> byImage.computeIfAbsent(f.image(), k -> new ArrayList<>()).add(f));
        ConcurrentLinkedQueue<String> skipped = new ConcurrentLinkedQueue<>();
        List<List<Loaded>> perImage = byImage.entrySet().parallelStream()
                .map(e -> loadImage(e.getKey(), e.getValue(), margin, maxSide, skipped))
                .toList();
        List<Loaded> loaded = new ArrayList<>();
        perImage.forEach(loaded::addAll);
        List<String> skippedList = new ArrayList<>(skipped);
        if (!skippedList.isEmpty()) {
            log.warn("skipped {} unreadable image(s), e.g. {}", skippedList.size(), skippedList.get(0));
        }
        return new Result(loaded, skippedList);
    }

    private static List<Loaded> loadImage(
            Path file, List<LabelledFace> faces, double margin, int maxSide, ConcurrentLinkedQueue<String> skipped) {
        BufferedImage image = read(file, skipped);
        if (image == null) {
            return List.of();
        }
        List<Loaded> out = new ArrayList<>(faces.size());
        for (LabelledFace face : faces) {
            BufferedImage pixels = face.box() == null ? image : cut(image, face.box(), margin);
            out.add(new Loaded(face, shrink(pixels, maxSide)));
        }
        return out;
    }

    /** Reads an image as RGB, or records why it cannot be read and returns {@code null}. */
    public static BufferedImage read(Path file, java.util.Collection<String> skipped) {
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

    static BufferedImage cut(BufferedImage image, LabelledFace.Box box, double margin) {
        FaceCrop crop =
                FaceCrop.around(box.x1(), box.y1(), box.x2(), box.y2(), margin, image.getWidth(), image.getHeight());
        return image.getSubimage(crop.x1(), crop.y1(), crop.width(), crop.height());
    }

    private static BufferedImage shrink(BufferedImage image, int maxSide) {
        int longer = Math.max(image.getWidth(), image.getHeight());
        double scale = longer > maxSide ? (double) maxSide / longer : 1.0;
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(
                java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, w, h, null);
        g.dispose();
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
