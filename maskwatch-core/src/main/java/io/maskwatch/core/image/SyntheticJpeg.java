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
 * of realistic size that the ingress accepts as images: a noise picture encoded as JPEG, as large
 * as fits the size (so that decoding it costs what a real face crop of that size costs), followed
 * by random padding up to the size, which decoders ignore after the end-of-image marker.
 */
public final class SyntheticJpeg {
    private static final int SMALLEST_SIDE = 16;
    private static final int LARGEST_SIDE = 512;
    private static final java.util.Map<Integer, Integer> SIDE_FOR_SIZE = new java.util.concurrent.ConcurrentHashMap<>();

    private SyntheticJpeg() {}

    /** A JPEG of exactly {@code bytes} bytes (or of the small picture's size, if that is larger). */
    public static byte[] ofSize(int bytes, long seed) {
        byte[] picture = largestPictureWithin(bytes, seed);
        if (bytes <= picture.length) {
            return picture;
        }
        byte[] image = new byte[bytes];
        System.arraycopy(picture, 0, image, 0, picture.length);
        byte[] padding = new byte[bytes - picture.length];
        new Random(seed).nextBytes(padding);
        System.arraycopy(padding, 0, image, picture.length, padding.length);
        return image;
    }

    /** The largest square noise JPEG (sides stepping by 16 px) of at most {@code bytes}, else the smallest. */
    private static byte[] largestPictureWithin(int bytes, long seed) {
        // The side found for a size is kept: benchmarks ask for thousands of pictures of one size.
        int side = SIDE_FOR_SIZE.computeIfAbsent(bytes, b -> sideWithin(b, seed));
        byte[] picture = picture(side, new Random(seed));
        // Another seed's noise may encode a little larger.
        while (picture.length > bytes && side > SMALLEST_SIDE) {
            side -= SMALLEST_SIDE;
            picture = picture(side, new Random(seed));
        }
        return picture;
    }

    private static int sideWithin(int bytes, long seed) {
        int best = SMALLEST_SIDE;
        for (int side = 2 * SMALLEST_SIDE; side <= LARGEST_SIDE; side += SMALLEST_SIDE) {
            if (picture(side, new Random(seed)).length > bytes) {
                break;
            }
            best = side;
        }
        return best;
    }

    private static byte[] picture(int side, Random random) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
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
