package io.maskwatch.vision.detect;

import java.util.List;

/**
 * The five face points YuNet finds with each face, in pixels of the analysed image. "Right" and
 * "left" are the person's own (OpenCV's {@code FaceDetectorYN} order): on a frontal face the right
 * eye is on the image's left. On a masked face the nose and mouth points are the network's guess
 * through the mask, but still below the eyes and in the same order.
 */
public record Landmarks(Point rightEye, Point leftEye, Point nose, Point rightMouth, Point leftMouth) {

    /** A point in pixels. */
    public record Point(float x, float y) {
        Point scaled(double factor) {
            return new Point((float) (x * factor), (float) (y * factor));
        }
    }

    /** From YuNet's ten numbers: x, y of the right eye, left eye, nose tip, right and left mouth corner. */
    public static Landmarks of(float[] xy) {
        if (xy.length != 10) {
            throw new IllegalArgumentException("five landmarks need 10 numbers, got " + xy.length);
        }
        return new Landmarks(
                new Point(xy[0], xy[1]),
                new Point(xy[2], xy[3]),
                new Point(xy[4], xy[5]),
                new Point(xy[6], xy[7]),
                new Point(xy[8], xy[9]));
    }

    /** The five points, in YuNet's order. */
    public List<Point> points() {
        return List.of(rightEye, leftEye, nose, rightMouth, leftMouth);
    }

    /** The same points in an image {@code factor} times as large. */
    public Landmarks scaled(double factor) {
        return new Landmarks(
                rightEye.scaled(factor),
                leftEye.scaled(factor),
                nose.scaled(factor),
                rightMouth.scaled(factor),
                leftMouth.scaled(factor));
    }
}
