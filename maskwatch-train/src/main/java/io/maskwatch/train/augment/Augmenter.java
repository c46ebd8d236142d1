package io.maskwatch.train.augment;

import io.maskwatch.classifier.FaceTensors;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Training-time image augmentation. The seed's geometric set (rotation, zoom, shift, shear,
 * horizontal flip) plus what small, real CCTV faces need: down-scaling blur (a 20 px face blown
 * up to the input size), brightness and contrast changes, and JPEG compression noise. Colour
 * changes (hue rotation, saturation, grayscale) and zooming out are there to try against the
 * first models' errors (colourful patterned masks taken for skin, small faces in wide photos
 * taken for masked ones); within the CPU budget tried so far they made the model worse, so the
 * {@link Settings#standard()} recipe leaves them out.
 */
public final class Augmenter {

    /** Strengths of each augmentation; {@link #standard()} are the defaults used for training. */
    public record Settings(
            double rotationDegrees,
            double zoom,
            double shift,
            double shear,
            double flipProbability,
            double downscaleProbability,
            int downscaleMinSide,
            double brightness,
            double contrast,
            double jpegProbability,
            int jpegMinQuality,
            double hueProbability,
            double saturation,
            double grayscaleProbability,
            double zoomOutProbability,
            double zoomOutMin) {

        /** Geometry and degradation: what the shipped models are trained with. */
        public static Settings standard() {
            return new Settings(20, 0.15, 0.1, 0.15, 0.5, 0.3, 14, 0.25, 0.3, 0.2, 30, 0, 0, 0, 0, 1);
        }

        /** {@link #standard()} plus hue rotation, saturation, grayscale and zooming out. */
        public static Settings colour() {
            return standard().withColourChanges(0.2, 0.4, 0.1, 0.15, 0.6);
        }

        /** These settings' geometry and degradation with the given colour changes and zooming out. */
        public Settings withColourChanges(
                double hueProbability,
                double saturation,
                double grayscaleProbability,
                double zoomOutProbability,
                double zoomOutMin) {
            return new Settings(
                    rotationDegrees,
                    zoom,
                    shift,
                    shear,
                    flipProbability,
                    downscaleProbability,
                    downscaleMinSide,
                    brightness,
                    contrast,
                    jpegProbability,
                    jpegMinQuality,
                    hueProbability,
                    saturation,
                    grayscaleProbability,
                    zoomOutProbability,
                    zoomOutMin);
        }

        public static Settings none() {
            return new Settings(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 0, 0, 1);
        }

        /** A one-line description for the model's recipe. */
        public String describe() {
            if (equals(none())) {
                return "none";
            }
            String basic = String.format(
                    Locale.ROOT,
                    "rotation %s, zoom %s, shift %s, shear %s, flip p %s, down-scale blur (p %s, to %d px and up),"
                            + " brightness %s, contrast %s, jpeg (p %s, quality %d-90)",
                    rotationDegrees,
                    zoom,
                    shift,
                    shear,
                    flipProbability,
                    downscaleProbability,
                    downscaleMinSide,
                    brightness,
                    contrast,
                    jpegProbability,
                    jpegMinQuality);
            if (hueProbability == 0 && saturation == 0 && grayscaleProbability == 0 && zoomOutProbability == 0) {
                return basic;
            }
            return basic
                    + String.format(
                            Locale.ROOT,
                            ", hue rotation p %s, saturation %s, grayscale p %s, zoom out (p %s, to %s)",
                            hueProbability,
                            saturation,
                            grayscaleProbability,
                            zoomOutProbability,
                            zoomOutMin);
        }
    }

    private final Settings settings;
    private final int size;

    public Augmenter(Settings settings, int size) {
        this.settings = settings;
        this.size = size;
    }

    /**
     * A randomly augmented {@code size x size} version of {@code source}, as packed RGB pixels.
     * Geometry, down-scaling and JPEG noise work at the crop's own resolution (up to twice the
     * input size); the last step is the resize every crop gets in production ({@link FaceTensors}),
     * so the network sees in training what {@code detect} shows it. Colour changes act on pixels
     * one by one and come after.
     */
    public int[] apply(BufferedImage source, Color fill, Random random) {
        int work = Math.min(2 * size, Math.max(source.getWidth(), source.getHeight()));
        BufferedImage out = geometric(source, fill, random, work);
        if (random.nextDouble() < settings.downscaleProbability()) {
            // A face this small in the frame: production enlarges its few pixels to the input.
            int small = settings.downscaleMinSide() + random.nextInt(Math.max(1, size - settings.downscaleMinSide()));
            out = FaceTensors.resized(out, small, small);
        }
        if (random.nextDouble() < settings.jpegProbability()) {
            out = jpegNoise(out, random);
        }
        int[] pixels = FaceTensors.resizedPacked(out, size, size);
        colour(pixels, random);
        photometric(pixels, random);
        return pixels;
    }

    private BufferedImage geometric(BufferedImage source, Color fill, Random random, int work) {
        BufferedImage out = new BufferedImage(work, work, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        // Uncovered corners get the face's average colour rather than black edges the model could learn.
        g.setColor(fill);
        g.fillRect(0, 0, work, work);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        double half = work / 2.0;
        AffineTransform t = new AffineTransform();
        t.translate(
                half + symmetric(random, settings.shift()) * work, half + symmetric(random, settings.shift()) * work);
        t.rotate(Math.toRadians(symmetric(random, settings.rotationDegrees())));
        t.shear(symmetric(random, settings.shear()), 0);
        double zoom = 1 + symmetric(random, settings.zoom());
        if (random.nextDouble() < settings.zoomOutProbability()) {
            zoom = settings.zoomOutMin() + random.nextDouble() * (1 - settings.zoomOutMin());
        }
        boolean flip = random.nextDouble() < settings.flipProbability();
        t.scale(zoom * (flip ? -1 : 1), zoom);
        t.translate(-half, -half);
        t.scale((double) work / source.getWidth(), (double) work / source.getHeight());
        g.drawImage(source, t, null);
        g.dispose();
        return out;
    }

    private BufferedImage jpegNoise(BufferedImage image, Random random) {
        float quality =
                (settings.jpegMinQuality() + random.nextInt(Math.max(1, 90 - settings.jpegMinQuality()))) / 100f;
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
            return FaceTensors.resized(decoded, decoded.getWidth(), decoded.getHeight());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
    }

    /** Hue rotation, saturation change or grayscale, in place. */
    private void colour(int[] pixels, Random random) {
        boolean gray = random.nextDouble() < settings.grayscaleProbability();
        float hueShift = random.nextDouble() < settings.hueProbability() ? random.nextFloat() : 0;
        float saturation = (float) (1 + symmetric(random, settings.saturation()));
        if (!gray && hueShift == 0 && saturation == 1) {
            return;
        }
        float[] hsb = new float[3];
        for (int i = 0; i < pixels.length; i++) {
            int p = pixels[i];
            if (gray) {
                int y = (int) Math.round(0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF));
                pixels[i] = (y << 16) | (y << 8) | y;
                continue;
            }
            Color.RGBtoHSB((p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF, hsb);
            float hue = hsb[0] + hueShift;
            pixels[i] =
                    Color.HSBtoRGB(hue - (float) Math.floor(hue), Math.min(1f, hsb[1] * saturation), hsb[2]) & 0xFFFFFF;
        }
    }

    /** Brightness shift and contrast stretch around the mean, in place. */
    private void photometric(int[] pixels, Random random) {
        double brightness = symmetric(random, settings.brightness()) * 255;
        double contrast = 1 + symmetric(random, settings.contrast());
        if (brightness == 0 && contrast == 1) {
            return;
        }
        double mean = 0;
        for (int p : pixels) {
            mean += ((p >> 16) & 0xFF) + ((p >> 8) & 0xFF) + (p & 0xFF);
        }
        mean /= pixels.length * 3.0;
        for (int i = 0; i < pixels.length; i++) {
            int p = pixels[i];
            int r = adjust((p >> 16) & 0xFF, mean, contrast, brightness);
            int gr = adjust((p >> 8) & 0xFF, mean, contrast, brightness);
            int b = adjust(p & 0xFF, mean, contrast, brightness);
            pixels[i] = (r << 16) | (gr << 8) | b;
        }
    }

    private static int adjust(int v, double mean, double contrast, double brightness) {
        return (int) Math.max(0, Math.min(255, Math.round((v - mean) * contrast + mean + brightness)));
    }

    private static double symmetric(Random random, double amplitude) {
        return amplitude == 0 ? 0 : (random.nextDouble() * 2 - 1) * amplitude;
    }

    /** The average colour of an image, used to fill what augmentation uncovers. */
    public static Color averageColor(BufferedImage image) {
        long r = 0, g = 0, b = 0;
        int w = image.getWidth(), h = image.getHeight();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int p : row) {
                r += (p >> 16) & 0xFF;
                g += (p >> 8) & 0xFF;
                b += p & 0xFF;
            }
        }
        long n = (long) w * h;
        return new Color((int) (r / n), (int) (g / n), (int) (b / n));
    }
}
