package io.maskwatch.vision.event;

import io.maskwatch.vision.detect.Detection;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * How the events of a source are named. A camera's events get random ids. A file's get ids derived
 * from the file and the frame and box of the event's picture, so a rerun of the same file (after a
 * crash, say) names every event it raises again as the first run did, and the store, which keeps
 * one row per id, stores none of them twice.
 */
public interface EventIds {
    /** The id of an event whose picture is {@code box} in frame {@code frameNumber}. */
    UUID of(long frameNumber, Detection box);

    /** For cameras and streams: a new random id each time. */
    static EventIds random() {
        return (frameNumber, box) -> UUID.randomUUID();
    }

    /** For inputs that replay (see {@code FrameSource.replayKey}): the same input, frame and box, the same id. */
    static EventIds replayable(String replayKey) {
        return (frameNumber, box) -> UUID.nameUUIDFromBytes(String.format(
                        Locale.ROOT,
                        "maskwatch-event|%s|%d|%.1f,%.1f,%.1f,%.1f",
                        replayKey,
                        frameNumber,
                        box.x1(),
                        box.y1(),
                        box.x2(),
                        box.y2())
                .getBytes(StandardCharsets.UTF_8));
    }
}
