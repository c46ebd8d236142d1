package io.maskwatch.vision.detect;

import static org.bytedeco.opencv.global.opencv_dnn.NMSBoxes;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;

/**
 * YuNet 2023mar's outputs to faces, the way OpenCV's {@code FaceDetectorYN} (face_detect.cpp)
 * decodes them, so that the model gives the same faces in ONNX Runtime as in OpenCV. The model is
 * anchor-free: for each stride (8, 16, 32) and each cell of the padded input it gives a class and
 * an objectness score, a box (centre offset in cells, log of width and height in strides) and five
 * landmarks (offsets in strides). A cell's score is {@code sqrt(cls * obj)}, each clamped to 0..1;
 * cells scoring at least the threshold become faces, then OpenCV's own non-maximum suppression
 * (on the boxes truncated to whole pixels, IoU 0.3, at most 5000 faces) keeps the best of those
 * that overlap, best first.
 */
final class YuNetDecoder {
    static final int[] STRIDES = {8, 16, 32};

    /**
     * One stride's outputs for a whole batch: the batch's images follow each other, {@code cells}
     * rows each ({@code cls}, {@code obj}: 1 value a row; {@code bbox}: 4; {@code kps}: 10).
     */
    record Level(int stride, float[] cls, float[] obj, float[] bbox, float[] kps) {}

    private YuNetDecoder() {}

    /**
     * The faces of the {@code image}-th image of the batch.
     *
     * @param padWidth the input's width, a multiple of 32 ({@code width} padded)
     * @param width the image's own size: boxes are clipped to it
     */
    static List<Detection> decode(
            List<Level> levels, int image, int padWidth, int padHeight, int width, int height, float threshold) {
        // One row per face, as FaceDetectorYN's: x, y, w, h, five landmarks (x, y), score.
        List<float[]> faces = new ArrayList<>();
        for (Level level : levels) {
            int s = level.stride();
            int cols = padWidth / s;
            int rows = padHeight / s;
            int first = image * rows * cols;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    int i = first + r * cols + c;
                    float score = (float) Math.sqrt(clamp(level.cls()[i]) * clamp(level.obj()[i]));
                    if (score >= threshold) {
                        faces.add(face(level, i, r, c, score));
                    }
                }
            }
        }
        List<float[]> kept = faces.size() > 1 ? suppress(faces, threshold) : faces;
        List<Detection> out = new ArrayList<>(kept.size());
        for (float[] face : kept) {
            out.add(detection(face, width, height));
        }
        return out;
    }

    /** A row of {@code FaceDetectorYN}'s output as a detection, its box clipped to the image. */
    static Detection detection(float[] face, int width, int height) {
        float[] points = new float[10];
        System.arraycopy(face, 4, points, 0, points.length);
        return new Detection(face[0], face[1], face[0] + face[2], face[1] + face[3], face[14], Landmarks.of(points))
                .clipped(width, height);
    }

    private static float[] face(Level level, int i, int r, int c, float score) {
        int s = level.stride();
        float[] box = level.bbox();
        float w = (float) (Math.exp(box[i * 4 + 2]) * s);
        float h = (float) (Math.exp(box[i * 4 + 3]) * s);
        float[] face = new float[15];
        face[0] = (c + box[i * 4]) * s - w / 2f;
        face[1] = (r + box[i * 4 + 1]) * s - h / 2f;
        face[2] = w;
        face[3] = h;
        for (int n = 0; n < 5; n++) {
            face[4 + 2 * n] = (level.kps()[i * 10 + 2 * n] + c) * s;
            face[5 + 2 * n] = (level.kps()[i * 10 + 2 * n + 1] + r) * s;
        }
        face[14] = score;
        return face;
    }

    /** OpenCV's {@code NMSBoxes}, on boxes as {@code FaceDetectorYN} gives them to it. */
    private static List<float[]> suppress(List<float[]> faces, float threshold) {
        try (RectVector boxes = new RectVector(faces.size());
                FloatPointer scores = new FloatPointer(faces.size());
                IntPointer keep = new IntPointer()) {
            for (int i = 0; i < faces.size(); i++) {
                float[] f = faces.get(i);
                // FaceDetectorYN truncates x, y, w and h to whole pixels (C++ int(), towards zero).
                try (Rect rect = new Rect((int) f[0], (int) f[1], (int) f[2], (int) f[3])) {
                    boxes.put(i, rect);
                }
                scores.put(i, f[14]);
            }
            NMSBoxes(boxes, scores, threshold, YuNetDetector.NMS_THRESHOLD, keep, 1f, YuNetDetector.TOP_K);
            List<float[]> kept = new ArrayList<>((int) keep.limit());
            for (long k = 0; k < keep.limit(); k++) {
                kept.add(faces.get(keep.get(k)));
            }
            return kept;
        }
    }

    private static float clamp(float v) {
        return Math.max(0f, Math.min(1f, v));
    }
}
