package io.maskwatch.vision.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.maskwatch.classifier.data.IncorrectMask;
import io.maskwatch.vision.evaluate.MatchedFace.Truth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The figures of an end-to-end evaluation, computed from its per-face records alone (so any
 * threshold costs no second pass): face recall, mask status accuracy on the faces found, no-mask
 * recall and precision, for faces at least {@code minFace} pixels wide and for all faces, and
 * no-mask precision / recall over a sweep of thresholds with the lowest threshold that keeps the
 * target precision.
 *
 * <p>Counting rules. For accuracy and recall a {@code mask_weared_incorrect} face counts as
 * {@code --incorrect-mask} says (default: no mask; SKIP leaves it out). For precision a no-mask
 * label on an unmasked face is right, one on a masked face or on no annotated face is wrong, and one
 * on a worn-incorrectly face counts neither way: telling such a person off is neither a false alarm
 * nor what the alert is for. Face recall counts every annotated face, worn-incorrectly ones too.
 */
public final class EndToEndReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** {@code count} of {@code of}: a figure with the faces it rests on. */
    public record Ratio(int count, int of) {
        /** NaN when there is nothing to count. */
        public double value() {
            return of == 0 ? Double.NaN : count / (double) of;
        }

        @Override
        public String toString() {
            return of == 0 ? "n/a (0/0)" : String.format(Locale.ROOT, "%.3f (%d/%d)", value(), count, of);
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", of == 0 ? null : value());
            m.put("count", count);
            m.put("of", of);
            return m;
        }
    }

    /**
     * The figures of one size bucket at one threshold.
     *
     * @param faceRecall annotated faces the detector found
     * @param statusAccuracy right mask status among the found faces the classifier judged
     * @param noMaskRecall unmasked faces that got a no-mask label (missed faces count as misses)
     * @param noMaskPrecision no-mask labels on unmasked faces over no-mask labels that count
     * @param tooSmall found faces narrower than detect's minimum face size: never classified
     * @param falseAlarmsOnMasked no-mask labels on masked faces
     * @param falseAlarmsOnNoFace no-mask labels on detections that match no annotated face
     * @param noMaskOnWornIncorrectly no-mask labels on worn-incorrectly faces (counted neither way)
     * @param detectionsOnNoFace detections that match no annotated face, whatever their label
     * @param alertRecall unmasked faces that got a no-mask label whose crop passes the evidence
     *     checks: what detect sends (the others become low-evidence events, stored, not sent)
     * @param alertPrecision such alerts on unmasked faces over all such alerts that count
     */
    public record Figures(
            Ratio faceRecall,
            Ratio statusAccuracy,
            Ratio noMaskRecall,
            Ratio noMaskPrecision,
            Ratio alertRecall,
            Ratio alertPrecision,
            int tooSmall,
            int falseAlarmsOnMasked,
            int falseAlarmsOnNoFace,
            int noMaskOnWornIncorrectly,
            int detectionsOnNoFace) {

        /**
         * No-mask precision over the labels on annotated faces only: photos' annotations often leave
         * out background faces, and a right label on one of them counts as false in {@link
         * #noMaskPrecision}; the two together show how much of the precision such gaps cost.
         */
        public Ratio noMaskPrecisionOnAnnotated() {
            return new Ratio(noMaskPrecision.count(), noMaskPrecision.of() - falseAlarmsOnNoFace);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("face_recall", faceRecall.toMap());
            m.put("mask_status_accuracy", statusAccuracy.toMap());
            m.put("no_mask_recall", noMaskRecall.toMap());
            m.put("no_mask_precision", noMaskPrecision.toMap());
            m.put(
                    "no_mask_precision_on_annotated_faces",
                    noMaskPrecisionOnAnnotated().toMap());
            m.put("alert_recall", alertRecall.toMap());
            m.put("alert_precision", alertPrecision.toMap());
            m.put("found_but_too_small", tooSmall);
            m.put("false_alarms_on_masked_faces", falseAlarmsOnMasked);
            m.put("false_alarms_on_no_face", falseAlarmsOnNoFace);
            m.put("no_mask_on_worn_incorrectly", noMaskOnWornIncorrectly);
            m.put("detections_on_no_face", detectionsOnNoFace);
            return m;
        }
    }

    /** No-mask precision and recall at one threshold. */
    public record SweepPoint(double threshold, Ratio precision, Ratio recall, Ratio alertPrecision, Ratio alertRecall) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("threshold", threshold);
            m.put("precision", precision.toMap());
            m.put("recall", recall.toMap());
            m.put("alert_precision", alertPrecision.toMap());
            m.put("alert_recall", alertRecall.toMap());
            return m;
        }
    }

    private final List<MatchedFace> faces;
    private final double threshold;
    private final int minFace;
    private final IncorrectMask incorrectMask;
    private final double targetPrecision;

    /**
     * @param threshold the no-mask threshold the headline figures are at (detect's)
     * @param minFace the width from which a face is in the first bucket
     */
    public EndToEndReport(
            List<MatchedFace> faces,
            double threshold,
            int minFace,
            IncorrectMask incorrectMask,
            double targetPrecision) {
        this.faces = List.copyOf(faces);
        this.threshold = threshold;
        this.minFace = minFace;
        this.incorrectMask = incorrectMask;
        this.targetPrecision = targetPrecision;
    }

    public List<MatchedFace> faces() {
        return faces;
    }

    public double threshold() {
        return threshold;
    }

    /** Whether a face is in the first bucket: annotated width, else detection width, >= minFace. */
    public boolean large(MatchedFace face) {
        return face.width() >= minFace;
    }

    /** The figures for faces >= minFace at the report's threshold. */
    public Figures largeFaces() {
        return figures(this::large, threshold);
    }

    /** The figures for all faces at the report's threshold. */
    public Figures allFaces() {
        return figures(f -> true, threshold);
    }

    public Figures figures(Predicate<MatchedFace> bucket, double at) {
        int annotated = 0;
        int found = 0;
        int judged = 0;
        int right = 0;
        int unmasked = 0;
        int unmaskedCaught = 0;
        int labels = 0;
        int rightLabels = 0;
        int tooSmall = 0;
        int onMasked = 0;
        int onNoFace = 0;
        int onIncorrect = 0;
        int detectionsOnNoFace = 0;
        int unmaskedAlerted = 0;
        int alerts = 0;
        int rightAlerts = 0;
        for (MatchedFace f : faces) {
            if (!bucket.test(f)) {
                continue;
            }
            boolean noMask = f.noMaskAt(at);
            if (f.isAnnotated()) {
                annotated++;
                found += f.isDetected() ? 1 : 0;
                tooSmall += f.isDetected() && !f.isClassified() ? 1 : 0;
                Optional<Boolean> isUnmasked = unmasked(f.truth());
                if (isUnmasked.isPresent()) {
                    if (f.isClassified()) {
                        judged++;
                        right += noMask == isUnmasked.get() ? 1 : 0;
                    }
                    if (isUnmasked.get()) {
                        unmasked++;
                        unmaskedCaught += noMask ? 1 : 0;
                        unmaskedAlerted += f.alertAt(at) ? 1 : 0;
                    }
                }
            } else {
                detectionsOnNoFace++;
            }
            if (f.alertAt(at) && f.truth() != Truth.WORN_INCORRECTLY) {
                alerts++;
                rightAlerts += f.truth() == Truth.WITHOUT_MASK ? 1 : 0;
            }
            if (noMask) {
                switch (f.truth()) {
                    case WITHOUT_MASK -> {
                        labels++;
                        rightLabels++;
                    }
                    case WITH_MASK -> {
                        labels++;
                        onMasked++;
                    }
                    case NONE -> {
                        labels++;
                        onNoFace++;
                    }
                    case WORN_INCORRECTLY -> onIncorrect++;
                }
            }
        }
        return new Figures(
                new Ratio(found, annotated),
                new Ratio(right, judged),
                new Ratio(unmaskedCaught, unmasked),
                new Ratio(rightLabels, labels),
                new Ratio(unmaskedAlerted, unmasked),
                new Ratio(rightAlerts, alerts),
                tooSmall,
                onMasked,
                onNoFace,
                onIncorrect,
                detectionsOnNoFace);
    }

    /** Whether an annotated face counts as unmasked for no-mask recall (--incorrect-mask applied). */
    public boolean countsAsUnmasked(MatchedFace face) {
        return unmasked(face.truth()).orElse(false);
    }

    /** Whether a face counts as unmasked for accuracy and recall; empty: left out (SKIP, or no face). */
    private Optional<Boolean> unmasked(Truth truth) {
        return switch (truth) {
            case WITHOUT_MASK -> Optional.of(true);
            case WITH_MASK -> Optional.of(false);
            case WORN_INCORRECTLY ->
                switch (incorrectMask) {
                    case NO_MASK -> Optional.of(true);
                    case MASK -> Optional.of(false);
                    case SKIP -> Optional.empty();
                };
            case NONE -> Optional.empty();
        };
    }

    /** No-mask precision and recall of faces >= minFace at 0.05, 0.10, ... 0.95 and at the report's threshold. */
    public List<SweepPoint> sweep() {
        TreeSet<Double> thresholds = new TreeSet<>();
        for (int i = 1; i < 20; i++) {
            thresholds.add(i / 20.0);
        }
        thresholds.add(threshold);
        List<SweepPoint> points = new ArrayList<>();
        for (double t : thresholds) {
            points.add(pointAt(t));
        }
        return points;
    }

    /** What a recommended threshold is chosen on. */
    public enum Basis {
        /** No-mask labels, the figures: every classified face. */
        LABELS,
        /** Alerts: the no-mask labels detect sends, whose crop passes the evidence checks. */
        ALERTS
    }

    /** The recommended threshold for no-mask labels ({@link #recommended(Basis)}). */
    public Optional<SweepPoint> recommended() {
        return recommended(Basis.LABELS);
    }

    /**
     * The threshold with the best recall at which the precision of labels or alerts on faces >=
     * minFace is at least the target; empty when none reaches it. The figures change only at the
     * probabilities the faces got, so every threshold from just above the probability below the
     * first one that qualifies up to the last one that keeps the same recall and precision gives
     * that recall: the middle of that range is chosen, so that no face sits right at the edge.
     */
    public Optional<SweepPoint> recommended(Basis basis) {
        List<Double> candidates = new ArrayList<>(new TreeSet<>(faces.stream()
                .filter(f -> large(f) && f.isClassified())
                .map(f -> (double) f.noMaskProbability())
                .toList()));
        int first = -1;
        for (int i = 0; i < candidates.size() && first < 0; i++) {
            if (meetsTarget(pointAt(candidates.get(i)), basis)) {
                first = i;
            }
        }
        if (first < 0) {
            return Optional.empty();
        }
        int best = recall(pointAt(candidates.get(first)), basis).count();
        int last = first;
        while (last + 1 < candidates.size()) {
            SweepPoint next = pointAt(candidates.get(last + 1));
            if (!meetsTarget(next, basis) || recall(next, basis).count() < best) {
                break;
            }
            last++;
        }
        double below = first > 0 ? candidates.get(first - 1) : 0;
        return Optional.of(pointAt((below + candidates.get(last)) / 2));
    }

    private boolean meetsTarget(SweepPoint point, Basis basis) {
        Ratio precision = basis == Basis.LABELS ? point.precision() : point.alertPrecision();
        return precision.of() > 0 && precision.value() >= targetPrecision;
    }

    private static Ratio recall(SweepPoint point, Basis basis) {
        return basis == Basis.LABELS ? point.recall() : point.alertRecall();
    }

    private SweepPoint pointAt(double t) {
        Figures f = figures(this::large, t);
        return new SweepPoint(t, f.noMaskPrecision(), f.noMaskRecall(), f.alertPrecision(), f.alertRecall());
    }

    public String toText() {
        Figures large = largeFaces();
        Figures all = allFaces();
        String left = "faces >= " + minFace + " px";
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT, "%-44s %-22s %s%n", "at no-mask threshold " + fmt(threshold), left, "all faces"));
        row(out, "face recall (IoU >= 0.4)", large.faceRecall(), all.faceRecall());
        row(out, "mask status accuracy (found faces)", large.statusAccuracy(), all.statusAccuracy());
        row(out, "no-mask recall", large.noMaskRecall(), all.noMaskRecall());
        row(out, "no-mask precision", large.noMaskPrecision(), all.noMaskPrecision());
        row(out, "  false alarms on masked faces", large.falseAlarmsOnMasked(), all.falseAlarmsOnMasked());
        row(out, "  false alarms on no annotated face", large.falseAlarmsOnNoFace(), all.falseAlarmsOnNoFace());
        row(
                out,
                "  precision on annotated faces only",
                large.noMaskPrecisionOnAnnotated(),
                all.noMaskPrecisionOnAnnotated());
        row(
                out,
                "  no-mask on worn-incorrectly (not counted)",
                large.noMaskOnWornIncorrectly(),
                all.noMaskOnWornIncorrectly());
        row(out, "detections on no annotated face", large.detectionsOnNoFace(), all.detectionsOnNoFace());
        row(out, "found but too small to classify", large.tooSmall(), all.tooSmall());
        row(out, "alert recall (sent: crop passes evidence)", large.alertRecall(), all.alertRecall());
        row(out, "alert precision", large.alertPrecision(), all.alertPrecision());
        out.append(String.format(Locale.ROOT, "%nno-mask precision / recall by threshold, %s:%n", left));
        out.append(String.format(
                Locale.ROOT,
                "  %-10s %-22s %-22s %-22s %s%n",
                "threshold",
                "precision",
                "recall",
                "alert precision",
                "alert recall"));
        for (SweepPoint p : sweep()) {
            out.append(String.format(
                    Locale.ROOT,
                    "  %-10s %-22s %-22s %-22s %s%s%n",
                    fmt(p.threshold()),
                    p.precision(),
                    p.recall(),
                    p.alertPrecision(),
                    p.alertRecall(),
                    p.threshold() == threshold ? "   <- used" : ""));
        }
        for (Basis basis : Basis.values()) {
            String what = basis == Basis.LABELS ? "no-mask precision" : "alert precision";
            out.append(String.format(
                    Locale.ROOT,
                    "%srecommended threshold for %s (best recall with %s >= %s, %s): %s%n",
                    basis == Basis.LABELS ? System.lineSeparator() : "",
                    basis.name().toLowerCase(Locale.ROOT),
                    what,
                    fmt(targetPrecision),
                    left,
                    recommended(basis)
                            .map(p -> fmt(p.threshold()) + ": precision " + p.precision() + ", recall " + p.recall()
                                    + "; alerts: precision " + p.alertPrecision() + ", recall " + p.alertRecall())
                            .orElse("none reaches it")));
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String name, Object large, Object all) {
        out.append(String.format(Locale.ROOT, "%-44s %-22s %s%n", name, large, all));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** All figures, both buckets, the sweep and the recommendation, after the given context. */
    public Map<String, Object> toMap(Map<String, Object> context) {
        Map<String, Object> m = new LinkedHashMap<>(context);
        m.put("threshold", threshold);
        m.put("min_face", minFace);
        m.put("incorrect_mask", incorrectMask.name().toLowerCase(Locale.ROOT));
        m.put("target_precision", targetPrecision);
        m.put("faces_min_face", largeFaces().toMap());
        m.put("all_faces", allFaces().toMap());
        m.put("sweep_min_face", sweep().stream().map(SweepPoint::toMap).toList());
        m.put("recommended_threshold", recommended().map(SweepPoint::toMap).orElse(null));
        m.put(
                "recommended_threshold_for_alerts",
                recommended(Basis.ALERTS).map(SweepPoint::toMap).orElse(null));
        return m;
    }

    public void writeJson(Path file, Map<String, Object> context) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), toMap(context));
    }
}
