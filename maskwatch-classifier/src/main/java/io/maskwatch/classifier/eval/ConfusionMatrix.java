package io.maskwatch.classifier.eval;

import io.maskwatch.classifier.data.Label;

/** Counts of (actual, predicted) label pairs for the two classes. */
public final class ConfusionMatrix {
    private final long[][] counts = new long[2][2];

    public void add(Label actual, Label predicted) {
        counts[actual.ordinal()][predicted.ordinal()]++;
    }

    public void add(Label actual, Label predicted, long n) {
        counts[actual.ordinal()][predicted.ordinal()] += n;
    }

    public long count(Label actual, Label predicted) {
        return counts[actual.ordinal()][predicted.ordinal()];
    }

    public long total() {
        return counts[0][0] + counts[0][1] + counts[1][0] + counts[1][1];
    }

    /** Faces whose true class is {@code label}. */
    public long support(Label label) {
        return counts[label.ordinal()][0] + counts[label.ordinal()][1];
    }

    /** Faces predicted as {@code label}. */
    public long predicted(Label label) {
        return counts[0][label.ordinal()] + counts[1][label.ordinal()];
    }

    public long correct() {
        return counts[0][0] + counts[1][1];
    }
}
