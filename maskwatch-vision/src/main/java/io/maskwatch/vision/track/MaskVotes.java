package io.maskwatch.vision.track;

import java.util.ArrayDeque;

/**
 * A track's recent classifications. Its mask status is the majority of the last {@code window}
 * votes (a tie counts as mask), so a single misclassified frame neither raises nor hides an alert.
 */
public final class MaskVotes {
    private final int window;
    private final double threshold;
    private final ArrayDeque<Float> probabilities = new ArrayDeque<>();
    private int noMask;

    /**
     * @param threshold no-mask probability from which one classification votes "no mask"
     */
    public MaskVotes(int window, double threshold) {
        this.window = window;
        this.threshold = threshold;
    }

    /** Adds one classification (the face's no-mask probability); returns whether it voted no mask. */
    public boolean add(float noMaskProbability) {
        probabilities.addLast(noMaskProbability);
        boolean vote = noMaskProbability >= threshold;
        if (vote) {
            noMask++;
        }
        if (probabilities.size() > window && probabilities.removeFirst() >= threshold) {
            noMask--;
        }
        return vote;
    }

    public int size() {
        return probabilities.size();
    }

    /** Votes for "no mask" among the kept ones. */
    public int noMaskVotes() {
        return noMask;
    }

    public MaskLabel label() {
        if (probabilities.isEmpty()) {
            return MaskLabel.UNKNOWN;
        }
        return noMask * 2 > probabilities.size() ? MaskLabel.NO_MASK : MaskLabel.MASK;
    }

    /** Mean probability of the current label over the kept votes (what the overlay shows). */
    public double labelProbability() {
        if (probabilities.isEmpty()) {
            return 0;
        }
        double sum = 0;
        for (float p : probabilities) {
            sum += p;
        }
        double meanNoMask = sum / probabilities.size();
        return label() == MaskLabel.NO_MASK ? meanNoMask : 1 - meanNoMask;
    }
}
