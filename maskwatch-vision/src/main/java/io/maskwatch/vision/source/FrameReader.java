package io.maskwatch.vision.source;

/** Pulls decoded frames from one opened input, on one thread. */
public interface FrameReader extends AutoCloseable {

    /** The next frame, {@code null} at the end of the input. */
    VideoFrame read() throws Exception;

    /** Frames per second of the input (0 when unknown). */
    double frameRate();

    @Override
    void close();
}
