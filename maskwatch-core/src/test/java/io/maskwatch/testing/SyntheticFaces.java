package io.maskwatch.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Draws simple faces for tests: a skin-coloured oval with eyes, and either a light-blue surgical
 * mask over the lower half or a visible red mouth. The two classes differ visibly, as real masked
 * and unmasked faces do, so a model that learns anything separates them.
 */
public final class SyntheticFaces {
    private SyntheticFaces() {}

    /** Draws a face filling the box (x, y, w, h) of {@code g}. */
    public static void draw(Graphics2D g, int x, int y, int w, int h, boolean masked, Random random) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int tone = 150 + random.nextInt(80);
        g.setColor(new Color(tone, (int) (tone * 0.8), (int) (tone * 0.65)));
        g.fillOval(x, y, w, h);
        g.setColor(new Color(40, 30, 20));
        int eye = Math.max(2, w / 8);
        g.fillOval(x + w / 4 - eye / 2, y + h * 3 / 8, eye, eye);
        g.fillOval(x + w * 3 / 4 - eye / 2, y + h * 3 / 8, eye, eye);
        if (masked) {
            g.setColor(new Color(120 + random.nextInt(40), 180 + random.nextInt(40), 230));
            g.fillRoundRect(x + w / 8, y + h / 2, w * 3 / 4, h * 2 / 5, w / 6, h / 6);
        } else {
            g.setColor(new Color(180 + random.nextInt(60), 40, 50));
            g.fillOval(x + w * 3 / 8, y + h * 2 / 3, w / 4, Math.max(2, h / 10));
            g.setColor(new Color(tone - 40, (int) (tone * 0.7), (int) (tone * 0.55)));
            g.fillOval(x + w / 2 - w / 16, y + h / 2, w / 8, h / 8);
        }
    }

    /** One face crop of {@code size x size} on a random background. */
    public static BufferedImage crop(int size, boolean masked, Random random) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
        g.fillRect(0, 0, size, size);
        int margin = size / 10 + random.nextInt(Math.max(1, size / 10));
        draw(g, margin, margin, size - 2 * margin, size - 2 * margin, masked, random);
        g.dispose();
        return image;
    }

    /** Writes {@code perClass} crops into {@code with_mask/} and {@code without_mask/} under {@code root}. */
    public static Path writeClassFolders(Path root, int perClass, int size, long seed) {
        Random random = new Random(seed);
        try {
            for (String label : new String[] {"with_mask", "without_mask"}) {
                Path dir = Files.createDirectories(root.resolve(label));
                for (int i = 0; i < perClass; i++) {
                    BufferedImage image = crop(size, label.equals("with_mask"), random);
                    ImageIO.write(
                            image, "png", dir.resolve(label + "-" + i + ".png").toFile());
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
