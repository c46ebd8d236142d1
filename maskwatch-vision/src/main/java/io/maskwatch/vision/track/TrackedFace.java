package io.maskwatch.vision.track;

import io.maskwatch.vision.detect.Detection;

/**
 * A face of the current frame and the track it belongs to.
 *
 * @param box the detection (or, on a frame without detection, the track's predicted box)
 * @param detected true when a detector saw the face in this frame
 */
public record TrackedFace(Track track, Detection box, boolean detected) {}
