package io.maskwatch.edge.store;

/** A face box in pixels of the frame: top-left (x1, y1), bottom-right (x2, y2). */
public record FaceBox(int x1, int y1, int x2, int y2) {}
