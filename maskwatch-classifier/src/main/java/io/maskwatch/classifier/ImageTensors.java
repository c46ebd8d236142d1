package io.maskwatch.classifier;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;

/** Turns images into the classifier's input: resized square RGB, (pixel/255 - mean) / std, CHW. */
public final class ImageTensors {
    private ImageTensors() {}

    /** Resizes {@code image} (any size) to the model's input and appends it to {@code out} as CHW. */
    public static void put(BufferedImage image, ModelManifest manifest, FloatBuffer out) {
        int s = manifest.inputSize();
        BufferedImage resized = resize(image, s);
        int[] rgb = resized.getRGB(0, 0, s, s, null, 0, s);
        putPacked(rgb, s, manifest.mean(), manifest.std(), out);
    }

    /** Packed 0xRRGGBB pixels of an {@code s x s} image, appended to {@code out} as normalised CHW. */
    public static void putPacked(int[] rgb, int s, float[] mean, float[] std, FloatBuffer out) {
        int plane = s * s;
        int base = out.position();
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            out.put(base + i, (((p >> 16) & 0xFF) / 255f - mean[0]) / std[0]);
            out.put(base + plane + i, (((p >> 8) & 0xFF) / 255f - mean[1]) / std[1]);
            out.put(base + 2 * plane + i, ((p & 0xFF) / 255f - mean[2]) / std[2]);
        }
        out.position(base + 3 * plane);
    }

    /** Bilinear resize to {@code s x s} (aspect ratio is not kept, as in training). */
    public static BufferedImage resize(BufferedImage image, int s) {
        if (image.getWidth() == s && image.getHeight() == s && image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage out = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, s, s, null);
        g.dispose();
        return out;
    }
}
