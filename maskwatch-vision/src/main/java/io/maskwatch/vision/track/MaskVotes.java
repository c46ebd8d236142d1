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

    /**
     * The probability of the current label that the overlay shows: the mean over the votes that
     * agree with it. A mean over all votes could contradict the label: with a threshold of 0.31,
     * a track voted "no mask" by 0.35 and 0.40 against 0.05 would read "No Mask 26.7%".
     */
    public double labelProbability() {
        MaskLabel label = label();
        if (label == MaskLabel.UNKNOWN) {
            return 0;
        }
        boolean noMaskLabel = label == MaskLabel.NO_MASK;
        double sum = 0;
        int agreeing = 0;
        for (float p : probabilities) {
            if ((p >= threshold) == noMaskLabel) {
                sum += noMaskLabel ? p : 1 - p;
                agreeing++;
            }
        }
        return sum / agreeing;
    }
}
