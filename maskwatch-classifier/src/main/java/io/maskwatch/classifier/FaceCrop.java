package io.maskwatch.classifier;

/**
 * The square region cut around a face box: the box's longer side plus {@code margin} of it on
 * each side, centred on the box and shifted (not shrunk) to stay inside the image where possible.
 * Training, evaluation and detection all cut crops with this one rule, so the classifier sees at
 * run time what it learned from.
 */
public record FaceCrop(int x1, int y1, int x2, int y2) {

    public int width() {
        return x2 - x1;
    }

    public int height() {
        return y2 - y1;
    }

    public static FaceCrop around(
            double boxX1, double boxY1, double boxX2, double boxY2, double margin, int imageWidth, int imageHeight) {
        double side = Math.max(boxX2 - boxX1, boxY2 - boxY1) * (1 + 2 * margin);
        side = Math.min(side, Math.min(imageWidth, imageHeight));
        double cx = (boxX1 + boxX2) / 2;
        double cy = (boxY1 + boxY2) / 2;
        int s = Math.max(1, (int) Math.round(side));
        int x1 = clamp((int) Math.round(cx - s / 2.0), 0, imageWidth - s);
        int y1 = clamp((int) Math.round(cy - s / 2.0), 0, imageHeight - s);
        return new FaceCrop(x1, y1, x1 + s, y1 + s);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
