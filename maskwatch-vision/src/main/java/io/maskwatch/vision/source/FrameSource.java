package io.maskwatch.vision.source;

/**
 * Frames for the pipeline, decoded ahead on the source's own thread so decoding overlaps analysis.
 */
public interface FrameSource extends AutoCloseable {

    /** How events and counts name the source. */
    String name();

    /** The next frame (the caller closes it), or {@code null} once the source has ended. */
    VideoFrame next() throws InterruptedException;

    /** Frames per second (0 when unknown, e.g. a folder of images). */
    double frameRate();

    /** True for still images: each is analysed on its own, not as a moment of a video. */
    boolean stills();

    SourceStats stats();

    /**
     * For an input that gives the same frames when read again (a video file, a folder of images): a
     * key naming it and its version, from which a rerun names its events as the first run did, so
     * that the store recognises the ones it already holds (after a crash, say). Empty for cameras
     * and streams, which never replay.
     */
    default java.util.Optional<String> replayKey() {
        return java.util.Optional.empty();
    }

    /**
     * Asks the source to end now, from any thread, without waiting for its reader: frames not yet taken
     * are released and {@link #next()} returns {@code null} from now on, even while the reader is stuck in a read that never
     * returns (a camera whose driver hangs, a stream gone silent). {@link #close()} still follows.
     */
    default void stop() {
        close();
    }

    /** Stops reading; frames not yet taken are released. */
    @Override
    void close();
}
