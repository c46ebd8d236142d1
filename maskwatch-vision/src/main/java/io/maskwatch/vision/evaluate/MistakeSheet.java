package io.maskwatch.vision.evaluate;

import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.classifier.data.FaceImages;
import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.evaluate.MatchedFace.Truth;
import io.maskwatch.vision.output.ContactSheet;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The worst mistakes of an end-to-end evaluation as one PNG, so a person can look at them: the
 * false alarms (no-mask labels on masked faces or on no annotated face, most confident first) above
 * the misses (unmasked faces labelled mask, least no-mask probability first, then unmasked faces the
 * detector did not find or found too small to classify, widest first). Only faces of the report's
 * first size bucket (>= --min-face) are shown: those are the ones its headline figures count.
 */
public final class MistakeSheet {
    public static final Color ON_MASKED = new Color(220, 30, 30);
    public static final Color ON_NO_FACE = new Color(200, 0, 200);
    public static final Color LABELLED_MASK = new Color(255, 140, 0);
    public static final Color NOT_DETECTED = new Color(30, 90, 230);
    public static final Color TOO_SMALL = new Color(128, 128, 128);
    public static final int TILE = 128;
    static final int COLUMNS = 8;
    /** File names are cut from the front: their ends (numbers) tell photos apart. */
    private static final int NAME_CHARS = 16;

    /** One mistake to show. */
    record Mistake(MatchedFace face, String kind, Color colour) {}

    private final EndToEndReport report;
    private final double cropMargin;
    private final int cap;

    /**
     * @param cropMargin the classifier's crop margin, so a tile shows what the classifier saw
     * @param cap the most tiles of each of the two kinds
     */
    public MistakeSheet(EndToEndReport report, double cropMargin, int cap) {
        this.report = report;
        this.cropMargin = cropMargin;
        this.cap = cap;
    }

    /** False alarms at the report's threshold, most confident first, at most {@code cap}. */
    List<Mistake> falseAlarms() {
        double t = report.threshold();
        return report.faces().stream()
                .filter(f -> report.large(f) && f.noMaskAt(t))
                .filter(f -> f.truth() == Truth.WITH_MASK || f.truth() == Truth.NONE)
                .sorted(Comparator.comparingDouble(MatchedFace::noMaskProbability)
                        .reversed())
                .limit(cap)
                .map(f -> f.truth() == Truth.NONE
                        ? new Mistake(f, "on no face", ON_NO_FACE)
                        : new Mistake(f, "on masked face", ON_MASKED))
                .toList();
    }

    /**
     * Misses: annotated faces that count as unmasked (without_mask, and mask_weared_incorrect unless
     * --incorrect-mask says otherwise) with no no-mask label. Those the classifier labelled mask
     * come first; when both kinds are more than fit, each keeps at least half the tiles.
     */
    List<Mistake> misses() {
        double t = report.threshold();
        List<MatchedFace> unmasked = report.faces().stream()
                .filter(f -> report.large(f) && report.countsAsUnmasked(f) && !f.noMaskAt(t))
                .toList();
        List<Mistake> labelledMask = unmasked.stream()
                .filter(MatchedFace::isClassified)
                .sorted(Comparator.comparingDouble(MatchedFace::noMaskProbability))
                .map(f -> new Mistake(f, kind(f, "labelled mask"), LABELLED_MASK))
                .toList();
        List<Mistake> unseen = unmasked.stream()
                .filter(f -> !f.isClassified())
                .sorted(Comparator.comparingDouble(MatchedFace::width).reversed())
                .map(f -> f.isDetected()
                        ? new Mistake(f, kind(f, "too small"), TOO_SMALL)
                        : new Mistake(f, kind(f, "not detected"), NOT_DETECTED))
                .toList();
        int first = Math.min(labelledMask.size(), Math.max(cap - unseen.size(), cap / 2));
        List<Mistake> out = new ArrayList<>(labelledMask.subList(0, first));
        out.addAll(unseen.subList(0, Math.min(unseen.size(), cap - first)));
        return out;
    }

    private static String kind(MatchedFace f, String what) {
        return f.truth() == Truth.WORN_INCORRECTLY ? "worn: " + what : what;
    }

    /** Writes the sheet: false alarms above, misses below. */
    public void write(Path png) throws IOException {
        List<Mistake> alarms = falseAlarms();
        List<Mistake> misses = misses();
        Map<Path, BufferedImage> photos = new HashMap<>();
        ContactSheet sheet = new ContactSheet(TILE, COLUMNS);
        BufferedImage top = sheet.render(
                String.format(Locale.ROOT, "%d false alarms at %.3f, surest first", alarms.size(), report.threshold()),
                tiles(alarms, photos));
        BufferedImage bottom = sheet.render(
                String.format(Locale.ROOT, "%d misses, least no-mask first", misses.size()), tiles(misses, photos));
        ContactSheet.writePng(stacked(top, bottom), png);
    }

    private List<ContactSheet.Tile> tiles(List<Mistake> mistakes, Map<Path, BufferedImage> photos) {
        List<ContactSheet.Tile> tiles = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (Mistake m : mistakes) {
            MatchedFace f = m.face();
            BufferedImage photo = photos.computeIfAbsent(f.image(), p -> FaceImages.read(p, unreadable));
            if (photo == null) {
                continue;
            }
            tiles.add(new ContactSheet.Tile(crop(photo, f.shownBox()), caption(m), m.colour()));
        }
        return tiles;
    }

    private static List<String> caption(Mistake m) {
        MatchedFace f = m.face();
        String probability = f.isClassified() ? String.format(Locale.ROOT, "p %.3f", f.noMaskProbability()) : "no p";
        // Short lines: a caption wider than the tile is cut. The frame colour repeats the kind.
        String name = f.image().getFileName().toString();
        return List.of(
                m.kind(),
                String.format(Locale.ROOT, "%s, %.0f px", probability, f.width()),
                f.isAnnotated() ? "" : String.format(Locale.ROOT, "best IoU %.2f", f.iou()),
                name.length() <= NAME_CHARS ? name : "…" + name.substring(name.length() - NAME_CHARS + 1));
    }

    private BufferedImage crop(BufferedImage photo, Detection box) {
        FaceCrop c = FaceCrop.around(
                box.x1(), box.y1(), box.x2(), box.y2(), cropMargin, photo.getWidth(), photo.getHeight());
        return photo.getSubimage(c.x1(), c.y1(), c.width(), c.height());
    }

    private static BufferedImage stacked(BufferedImage top, BufferedImage bottom) {
        int width = Math.max(top.getWidth(), bottom.getWidth());
        BufferedImage out = new BufferedImage(width, top.getHeight() + bottom.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(top, 0, 0, null);
            g.drawImage(bottom, 0, top.getHeight(), null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
