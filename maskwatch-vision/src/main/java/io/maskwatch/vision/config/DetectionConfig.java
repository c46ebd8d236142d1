package io.maskwatch.vision.config;

import io.maskwatch.core.config.ConfigSection;

/**
 * {@code detection}: how frames are analysed.
 *
 * @param scale video frames are resized by this before face detection (below 1: faster, misses
 *     small faces)
 * @param every detect faces on every n-th video frame (default 3: a third of the detector cost; the
 *     tracker carries boxes in between and faces are still re-classified every few frames)
 * @param imageScale still images are enlarged by this before detection (crowd photos hold faces
 *     of ~20 px, below YuNet's smallest anchor)
 * @param imageMaxSide the enlarged image's longer side stays at or below this many pixels
 * @param minFaceSize faces narrower than this many pixels are counted but not classified;
 *     {@code null}: the classifier's own floor from {@code model.json}
 * @param modelCache where {@code maskwatch models pull} stores detector models; {@code null}: the
 *     user's cache ({@code $XDG_CACHE_HOME/maskwatch/models} or {@code ~/.cache/maskwatch/models})
 * @param threads OpenCV threads, and ONNX Runtime threads of a YuNet run by ONNX Runtime (0: the
 *     runtime's default, one per core)
 * @param faceCheck drop detections that are not plausible faces (score, box shape, landmarks) before
 *     they are tracked and classified
 * @param minFaceScore the face check drops detections scoring below this (on top of the detector's
 *     own threshold)
 * @param faceAspectMin the face check keeps boxes whose height / width is at least this ...
 * @param faceAspectMax ... and at most this
 * @param modelUrl where {@code detect} downloads the YuNet model on first use when no copy is found
 *     ({@code null}: its public address; a mirror for sites without internet; {@code none}: never)
 * @param batch with several sources, YuNet calls of different sources that meet run as one ONNX
 *     Runtime call (frames of the same size; runtime onnxruntime only)
 */
public record DetectionConfig(
        double scale,
        int every,
        double imageScale,
        int imageMaxSide,
        Integer minFaceSize,
        String modelCache,
        int threads,
        boolean faceCheck,
        double minFaceScore,
        double faceAspectMin,
        double faceAspectMax,
        String modelUrl,
        boolean batch) {

    /** Still images: enlarged twice before detection, to no more than 1600 pixels on the longer side. */
    public static final double DEFAULT_IMAGE_SCALE = 2.0;

    public static final int DEFAULT_IMAGE_MAX_SIDE = 1600;

    /** The range of {@code image_scale} (and of train's and evaluate's {@code --image-scale}). */
    public static final double MIN_IMAGE_SCALE = 0.1;

    public static final double MAX_IMAGE_SCALE = 4;

    /**
     * The face check's bounds, fitted on the mask-scenes photos (see {@code FaceCheck} in
     * maskwatch-vision, which says how): the lowest unmasked face scored 0.641, and annotated
     * faces' boxes are 0.72 to 2.47 times as high as wide.
     */
    public static final double DEFAULT_MIN_FACE_SCORE = 0.63;

    public static final double DEFAULT_FACE_ASPECT_MIN = 0.6;

    public static final double DEFAULT_FACE_ASPECT_MAX = 2.6;

    public static DetectionConfig read(ConfigSection s) {
        DetectionConfig c = new DetectionConfig(
                s.decimal("scale", 1.0, 0.1, 4),
                s.integer("every", 3, 1, 5),
                s.decimal("image_scale", DEFAULT_IMAGE_SCALE, MIN_IMAGE_SCALE, MAX_IMAGE_SCALE),
                s.integer("image_max_side", DEFAULT_IMAGE_MAX_SIDE, 64, 8192),
                s.has("min_face_size") ? s.integer("min_face_size", 0, 0, 4096) : null,
                s.string("model_cache", null),
                s.integer("threads", 1, 0, 256),
                s.bool("face_check", true),
                s.decimal("min_face_score", DEFAULT_MIN_FACE_SCORE, 0, 1),
                s.decimal("face_aspect_min", DEFAULT_FACE_ASPECT_MIN, 0.1, 10),
                s.decimal("face_aspect_max", DEFAULT_FACE_ASPECT_MAX, 0.1, 10),
                s.string("model_url", null),
                s.bool("batch", false));
        if (c.faceAspectMin() >= c.faceAspectMax()) {
            throw s.error(
                    "face_aspect_max",
                    "must be above face_aspect_min (" + c.faceAspectMin() + "), got " + c.faceAspectMax()
                            + "; a face's box is about 1.3 times as high as wide");
        }
        s.rejectUnknownKeys();
        return c;
    }
}
