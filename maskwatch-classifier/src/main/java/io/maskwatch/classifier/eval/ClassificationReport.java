package io.maskwatch.classifier.eval;

import io.maskwatch.classifier.data.Label;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Per-class precision, recall, F1 and support, accuracy, and macro / weighted averages, worked out
 * from a confusion matrix (the same figures as scikit-learn's classification report, which the
 * seed published).
 */
public record ClassificationReport(
        Map<Label, ClassScores> perClass, double accuracy, ClassScores macro, ClassScores weighted, long total) {

    public record ClassScores(double precision, double recall, double f1, long support) {}

    public static ClassificationReport of(ConfusionMatrix m) {
        Map<Label, ClassScores> perClass = new LinkedHashMap<>();
        double macroP = 0, macroR = 0, macroF = 0, weightedP = 0, weightedR = 0, weightedF = 0;
        long total = m.total();
        for (Label label : Label.values()) {
            long tp = m.count(label, label);
            double precision = ratio(tp, m.predicted(label));
            double recall = ratio(tp, m.support(label));
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            long support = m.support(label);
            perClass.put(label, new ClassScores(precision, recall, f1, support));
            macroP += precision / 2;
            macroR += recall / 2;
            macroF += f1 / 2;
            double weight = ratio(support, total);
            weightedP += precision * weight;
            weightedR += recall * weight;
            weightedF += f1 * weight;
        }
        return new ClassificationReport(
                perClass,
                ratio(m.correct(), total),
                new ClassScores(macroP, macroR, macroF, total),
                new ClassScores(weightedP, weightedR, weightedF, total),
                total);
    }

    public ClassScores scores(Label label) {
        return perClass.get(label);
    }

    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT, "%-14s %9s %9s %9s %9s%n", "", "precision", "recall", "f1-score", "support"));
        perClass.forEach((label, s) -> out.append(row(label.id(), s)));
        out.append(String.format(Locale.ROOT, "%n%-14s %9s %9s %9.4f %9d%n", "accuracy", "", "", accuracy, total));
        out.append(row("macro avg", macro));
        out.append(row("weighted avg", weighted));
        return out.toString();
    }

    private static String row(String name, ClassScores s) {
        return String.format(
                Locale.ROOT, "%-14s %9.4f %9.4f %9.4f %9d%n", name, s.precision(), s.recall(), s.f1(), s.support());
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        perClass.forEach((label, s) -> map.put(label.id(), scoresMap(s)));
        map.put("accuracy", accuracy);
        map.put("macro_avg", scoresMap(macro));
        map.put("weighted_avg", scoresMap(weighted));
        map.put("total", total);
        return map;
    }

    private static Map<String, Object> scoresMap(ClassScores s) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("precision", s.precision());
        map.put("recall", s.recall());
        map.put("f1", s.f1());
        map.put("support", s.support());
        return map;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }
}
