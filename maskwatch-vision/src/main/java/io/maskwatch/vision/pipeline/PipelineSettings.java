package io.maskwatch.vision.pipeline;

import io.maskwatch.vision.config.TrackingConfig;

/**
 * How a pipeline analyses frames.
 *
 * @param detectEvery detect faces on every n-th video frame (still images: always)
 * @param minFaceSize faces narrower than this (pixels) are counted, not classified
 * @param noMaskThreshold no-mask probability from which a classification votes "no mask"
 */
public record PipelineSettings(int detectEvery, int minFaceSize, double noMaskThreshold, TrackingConfig tracking) {}
