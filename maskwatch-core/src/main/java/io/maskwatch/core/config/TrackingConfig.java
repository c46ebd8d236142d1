package io.maskwatch.core.config;

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
 * @param eventDelayFrames an event waits this many frames after it is decided (or the end of the
 *     track) so that its image is the best crop of a longer stretch of the track
 */
public record TrackingConfig(
        double iouThreshold,
        int maxMissedFrames,
        int classifyEvery,
        int voteWindow,
        int minNoMaskFrames,
        double cooldownSeconds,
        int eventDelayFrames) {

    static TrackingConfig read(ConfigSection s) {
        TrackingConfig c = new TrackingConfig(
                s.decimal("iou_threshold", 0.3, 0.01, 1),
                s.integer("max_missed_frames", 12, 0, 10_000),
                s.integer("classify_every", 3, 1, 5),
                s.integer("vote_window", 7, 1, 1000),
                s.integer("min_no_mask_frames", 3, 1, 1000),
                s.decimal("cooldown_seconds", 600, 0, 86_400 * 7),
                s.integer("event_delay_frames", 25, 0, 10_000));
        if (c.minNoMaskFrames() > c.voteWindow()) {
            throw s.error(
                    "min_no_mask_frames",
                    "expected at most tracking.vote_window (" + c.voteWindow() + "), got " + c.minNoMaskFrames());
        }
        s.rejectUnknownKeys();
        return c;
    }
}
