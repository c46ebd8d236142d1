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

    /** Stops reading; frames not yet taken are released. */
    @Override
    void close();
}
