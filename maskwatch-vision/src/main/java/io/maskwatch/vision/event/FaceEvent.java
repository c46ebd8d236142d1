package io.maskwatch.vision.event;

import java.time.Instant;
import java.util.UUID;

/**
 * A person seen without a mask: one per track and visit.
 *
 * @param time when the event's image was seen (frame time, not the time of writing)
 * @param x1 face box in pixels of the frame (also y1, x2, y2)
 * @param probability the classifier's no-mask probability on the event's image
 * @param image the best face crop of the track, encoded as {@code imageFormat}
 * @param sharpness the crop's sharpness (see {@link FaceImages#sharpness})
 * @param lowEvidence the track's best crop is below the evidence minimums: nobody could judge the
 *     event from it, so it is stored and counted but never sent
 */
public record FaceEvent(
        UUID eventId,
        Instant time,
        String source,
        long trackId,
        int x1,
        int y1,
        int x2,
        int y2,
        double probability,
        String imageFormat,
        int imageWidth,
        int imageHeight,
        byte[] image,
        double sharpness,
        boolean lowEvidence) {

    /** Width of the face box in the frame, in pixels. */
    public int faceWidth() {
        return x2 - x1;
    }
}
