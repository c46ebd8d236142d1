package io.maskwatch.vision.pipeline;

/** Receives every analysed frame (JSON lines, annotated video, preview window). */
public interface FrameListener extends AutoCloseable {

    void frame(FrameResult result);

    @Override
    void close();
}
