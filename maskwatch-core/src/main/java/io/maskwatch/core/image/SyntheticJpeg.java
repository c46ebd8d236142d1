package io.maskwatch.core.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Face images of a chosen size for benchmarks and tests of the delivery chain, which need messages
 * of realistic size that the ingress accepts as images: a small noise picture encoded as JPEG,
 * followed by random padding, which decoders ignore after the end-of-image marker.
 */
public final class SyntheticJpeg {
    private static final int SIDE = 16;

    private SyntheticJpeg() {}

    /** A JPEG of exactly {@code bytes} bytes (or of the small picture's size, if that is larger). */
    public static byte[] ofSize(int bytes, long seed) {
        Random random = new Random(seed);
        byte[] picture = picture(random);
        if (bytes <= picture.length) {
            return picture;
        }
        byte[] image = new byte[bytes];
        System.arraycopy(picture, 0, image, 0, picture.length);
        byte[] padding = new byte[bytes - picture.length];
        random.nextBytes(padding);
        System.arraycopy(padding, 0, image, picture.length, padding.length);
        return image;
    }

    private static byte[] picture(Random random) {
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a JPEG in memory", e);
        }
        return Arrays.copyOf(out.toByteArray(), out.size());
    }
}
