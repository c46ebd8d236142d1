package io.maskwatch.vision.track;

import io.maskwatch.vision.detect.Detection;

/**
 * One person followed across frames: where the face is, how it moves, and how it was classified.
 * Mutated only by the {@link Tracker} and the pipeline's thread.
 */
public final class Track {
    /** Weight of the newest observed motion in the smoothed velocity. */
    private static final float VELOCITY_GAIN = 0.5f;

    private final long id;
    private final MaskVotes votes;
    private Detection box;
    private Detection lastDetection;
    private int framesSinceDetection;
    private float vx;
    private float vy;
    private int missed;
    private int hits = 1;
    private long lastClassifiedFrame = Long.MIN_VALUE;
    private float lastProbability = Float.NaN;
    private long lastUnclassifiable = Long.MIN_VALUE;
    private long lastInterval;

    Track(long id, Detection box, MaskVotes votes) {
        this.id = id;
        this.box = box;
        this.lastDetection = box;
        this.votes = votes;
    }

    public long id() {
        return id;
    }

    /** The last detected box, or the predicted one while the face is not detected. */
    public Detection box() {
        return box;
    }

    /** Frames in a row without a matching detection (0: detected in the last analysed frame). */
    public int missed() {
        return missed;
    }

    /** Frames with a matching detection. */
    public int hits() {
        return hits;
    }

    public MaskVotes votes() {
        return votes;
    }

    public MaskLabel label() {
        return votes.label();
    }

    /** The last classification's no-mask probability (NaN before the first). */
    public float lastProbability() {
        return lastProbability;
    }

    /** True when the face was never classified or its last classification is {@code every} frames old. */
    public boolean dueForClassification(long frame, int every) {
        return lastClassifiedFrame == Long.MIN_VALUE || frame - lastClassifiedFrame >= every;
    }

    /**
     * Notes that on analysed frame {@code frame} the face could not be classified (not detected,
     * or too small): the next interval between classifications is not the scheduler's doing.
     */
    public void unclassifiable(long frame) {
        lastUnclassifiable = frame;
    }

    /**
     * Frames between the last two classifications when the face was classifiable all along
     * (0 when there is no such pair).
     */
    public long lastInterval() {
        return lastInterval;
    }

    /** Records a classification made on analysed frame {@code frame}; returns its vote. */
    public boolean classified(long frame, float noMaskProbability) {
        boolean continuous = lastClassifiedFrame != Long.MIN_VALUE && lastUnclassifiable < lastClassifiedFrame;
        lastInterval = continuous ? frame - lastClassifiedFrame : 0;
        lastClassifiedFrame = frame;
        lastProbability = noMaskProbability;
        return votes.add(noMaskProbability);
    }

    /** Where the face should be one frame later, moving as it did. */
    Detection predicted() {
        return new Detection(box.x1() + vx, box.y1() + vy, box.x2() + vx, box.y2() + vy, box.score());
    }

    void matched(Detection detection) {
        // Motion since the last detection, per frame (frames without detection in between).
        int frames = framesSinceDetection + 1;
        float dx = (detection.centerX() - lastDetection.centerX()) / frames;
        float dy = (detection.centerY() - lastDetection.centerY()) / frames;
        vx = VELOCITY_GAIN * dx + (1 - VELOCITY_GAIN) * vx;
        vy = VELOCITY_GAIN * dy + (1 - VELOCITY_GAIN) * vy;
        box = detection;
        lastDetection = detection;
        framesSinceDetection = 0;
        missed = 0;
        hits++;
    }

    /** One frame passes without a detection of this face: it moves as predicted. */
    void step() {
        box = predicted();
        framesSinceDetection++;
    }

    /** Detection ran and did not find this face. */
    void missedDetection() {
        step();
        missed++;
    }
}
