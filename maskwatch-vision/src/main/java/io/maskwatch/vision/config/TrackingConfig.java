package io.maskwatch.vision.config;

import io.maskwatch.core.config.ConfigSection;

/**
 * {@code tracking}: following people across frames and deciding when one raises an event.
 *
 * @param iouThreshold a detection continues a track when its box overlaps the track's predicted
 *     box by at least this (intersection over union)
 * @param maxMissedFrames a track survives this many detection frames without a match (occlusion, a
 *     missed detection) before the person counts as gone
 * @param classifyEvery a tracked face is classified again after this many frames (1: every frame)
 * @param voteWindow the mask status of a track is the majority of its last this-many
 *     classifications
 * @param minNoMaskFrames classifications voting "no mask" needed before a track raises an event
 * @param cooldownSeconds after an event, the same track raises no other for this long
 * @param evidenceMinFace an event's face crop is evidence a person can judge only when the face is
 *     at least this wide in the frame (pixels)
 * @param evidenceMinSharpness ... and at least this sharp (variance of the Laplacian of the grey
 *     crop at 64x64)
 * @param evidenceMinFaceScore ... and the face detector, run again on the crop alone, finds a face
 *     in it with at least this score (0: not checked); a hand, a sign or a wall that passed as a face
 *     in the frame rarely passes a second look
 * @param evidenceWaitSeconds a decided event is written when its track ends, with the best crop of
 *     the whole track, or this long (frame time) after it was decided, whichever comes first, so a
 *     person standing in front of a live camera is still reported in time
 * @param blurBystanders every other face the detector found in the frame is blurred out of the
 *     event's crop before it is stored and sent: the crop is cut around the subject with a margin,
 *     so in a crowd it holds parts of the neighbours' faces
 */
public record TrackingConfig(
        double iouThreshold,
        int maxMissedFrames,
        int classifyEvery,
        int voteWindow,
        int minNoMaskFrames,
        double cooldownSeconds,
        int evidenceMinFace,
        double evidenceMinSharpness,
        double evidenceMinFaceScore,
        double evidenceWaitSeconds,
        boolean blurBystanders) {

    /**
     * On the sample video's events, clear unmasked faces scored 0.77 and above on a second look,
     * the hand, the sign and the dark blob 0.59 and below, and four masked faces 0.30-0.55; on the
     * scene photos 25 of the 228 annotated unmasked faces of 22 px and more (11 %) score below it,
     * 441 of the 1,374 masked ones (32 %).
     */
    public static final double DEFAULT_EVIDENCE_MIN_FACE_SCORE = 0.7;

    /** The key {@code evidence_wait_seconds} replaced; a file that still sets it is told so. */
    private static final String REPLACED_DELAY_KEY = "event_delay_frames";

    public static TrackingConfig read(ConfigSection s) {
        if (s.has(REPLACED_DELAY_KEY)) {
            throw s.error(
                    REPLACED_DELAY_KEY,
                    "replaced by tracking.evidence_wait_seconds (an event now waits for the end of its track,"
                            + " at most that long, to carry the track's best crop); remove the key");
        }
        TrackingConfig c = new TrackingConfig(
                s.decimal("iou_threshold", 0.3, 0.01, 1),
                s.integer("max_missed_frames", 12, 0, 10_000),
                s.integer("classify_every", 3, 1, 5),
                s.integer("vote_window", 7, 1, 1000),
                s.integer("min_no_mask_frames", 3, 1, 1000),
                s.decimal("cooldown_seconds", 600, 0, 86_400 * 7),
                s.integer("evidence_min_face", 22, 0, 4096),
                s.decimal("evidence_min_sharpness", 100, 0, 100_000),
                s.decimal("evidence_min_face_score", DEFAULT_EVIDENCE_MIN_FACE_SCORE, 0, 1),
                s.decimal("evidence_wait_seconds", 10, 0, 3600),
                s.bool("blur_bystanders", false));
        if (c.minNoMaskFrames() > c.voteWindow()) {
            throw s.error(
                    "min_no_mask_frames",
                    "expected at most tracking.vote_window (" + c.voteWindow() + "), got " + c.minNoMaskFrames());
        }
        s.rejectUnknownKeys();
        return c;
    }
}
