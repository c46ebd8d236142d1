package io.maskwatch.vision.pipeline;

import io.maskwatch.vision.source.VideoFrame;
import java.util.List;

/** An analysed frame and its faces; the frame is valid only during the listener's call. */
public record FrameResult(VideoFrame frame, List<FaceResult> faces) {}
