package io.maskwatch.train.augment;

import io.maskwatch.classifier.data.LabelledFace;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.Optional;
import java.util.Random;

/**
 * Paints a synthetic face mask over the nose, mouth and chin of an unmasked face, so that training
 * sees masks of every colour and pattern. The models called colourful and patterned masks (floral,
 * tartan, prints) "no mask" with near certainty: the data sets hold mostly plain surgical and
 * cloth masks, so the network had learnt the masks' colours rather than "something covers nose
 * and mouth". The mask is placed by the face box alone, with frontal proportions; the augmentation
 * that follows rotates, shears, blurs and compresses it with the rest of the face.
 *
 * <p>Masks are also painted worn wrongly, below the nose, under the chin or on the neck: those count as no
 * mask (a nose out is a violation), and without them the painted masks taught the network that
 * anything on the lower face is compliant (it then missed most masks worn below the nose).
 *
 * <p>Some masks are painted as respirators ({@link #paintRespirator}): a rounded cup from the nose
 * bridge to below the chin, plain white, grey, blue or black, shaded as a dome, with a seam, a
 * nose clip, sometimes a valve, and head straps. Three runs in a row called held-out N95s and valved
 * respirators bare: the flat, pleated outline of the painted masks never showed one.
 */
public final class MaskPainter {
    /** Share of the drawn masks (not those cut from real fabric) in a tone of the wearer's skin. */
    private static final double SKIN_TONE_SHARE = 0.15;

    /** Where the mask sits on the face, in fractions of the face box height. */
    public enum Placement {
        /** Top edge across the nose just below the eyes, bottom past the chin: worn properly. */
        OVER_NOSE(0.40, 0.47),
        /** Covering the mouth with the nose out. */
        BELOW_NOSE(0.66, 0.74),
        /** Pulled down under the chin. */
        UNDER_CHIN(0.84, 0.92),
        /**
         * Pulled right down onto the neck, the face bare: a mask in sight is not a mask worn (a held-out
         * scene face with an N95 on the neck was called masked).
         */
        ON_NECK(0.98, 1.06);

        private final double topFrom;
        private final double topTo;

        Placement(double topFrom, double topTo) {
            this.topFrom = topFrom;
            this.topTo = topTo;
        }

        /** Worn so that nose and mouth are covered. */
        public boolean covers() {
            return this == OVER_NOSE;
        }
    }

    private enum Pattern {
        PLAIN,
        PLEATED,
        STRIPES,
        CHECKS,
        PRINT
    }

    /**
     * The cloth of a real mask: a region of a masked face's picture that shows only mask (the middle
     * of the lower face). Filling the outline with it gives painted masks real textures, folds and
     * light, which patterns drawn from nothing lack.
     */
    public record Fabric(BufferedImage picture, Rectangle region) {

        /** Narrower masked faces give too few pixels of cloth to fill a mask with. */
        public static final int MIN_FACE_WIDTH = 20;

        /**
         * The cloth of the mask on the face in {@code box} of {@code picture}: from the mouth to just
         * above the chin, the middle three fifths across (a mask's edges may leave cheek showing).
         */
        public static Optional<Fabric> of(BufferedImage picture, LabelledFace.Box box) {
            if (box.width() < MIN_FACE_WIDTH) {
                return Optional.empty();
            }
            int x1 = Math.max(0, box.x1() + (int) Math.round(box.width() * 0.2));
            int x2 = Math.min(picture.getWidth(), box.x1() + (int) Math.round(box.width() * 0.8));
            int y1 = Math.max(0, box.y1() + (int) Math.round(box.height() * 0.6));
            int y2 = Math.min(picture.getHeight(), box.y1() + (int) Math.round(box.height() * 0.9));
            if (x2 - x1 < 4 || y2 - y1 < 4) {
                return Optional.empty();
            }
            return Optional.of(new Fabric(picture, new Rectangle(x1, y1, x2 - x1, y2 - y1)));
        }
    }

    private MaskPainter() {}

    /**
     * A copy of {@code face} with a random mask painted on the face in {@code box} (pixels of {@code
     * face}): cut from {@code fabric} (stretched to the outline), or a drawn pattern when it is null.
     */
    public static BufferedImage paint(
            BufferedImage face, LabelledFace.Box box, Placement placement, Fabric fabric, Random random) {
        BufferedImage out = copyOf(face);
        Graphics2D g = antiAliased(out);
        Path2D shape = outline(box, placement, random);
        Rectangle2D bounds = shape.getBounds2D();
        g.setClip(shape);
        if (fabric == null) {
            Color base = random.nextDouble() < SKIN_TONE_SHARE ? skinTone(face, box, random) : colour(random);
            fill(g, bounds, base, random);
            shade(g, bounds, random, 0.5);
        } else {
            cut(g, bounds, fabric);
            // Lighter: a real mask's picture carries its own light.
            shade(g, bounds, random, 0.25);
        }
        g.setClip(null);
        if (random.nextDouble() < 0.5) {
            earLoops(g, box, bounds, random);
        }
        g.dispose();
        return out;
    }

    /**
     * A copy of {@code face} with a respirator (N95-like cup) painted on the face in {@code box}:
     * drawn, never cut from fabric, as the masked training faces show few respirators to cut.
     */
    public static BufferedImage paintRespirator(
            BufferedImage face, LabelledFace.Box box, Placement placement, Random random) {
        BufferedImage out = copyOf(face);
        Graphics2D g = antiAliased(out);
        Path2D cup = cupOutline(box, placement, random);
        Rectangle2D bounds = cup.getBounds2D();
        Color base = respiratorColour(random);
        g.setClip(cup);
        g.setColor(base);
        g.fill(bounds);
        // A dome: lit in the middle, darker to the rim, more than a flat mask.
        shade(g, bounds, random, 0.7);
        float line = (float) Math.max(1, box.width() * 0.015);
        g.setStroke(new BasicStroke(line));
        g.setColor(base.darker());
        if (random.nextBoolean()) {
            // The seam of a fold-flat respirator across the middle, or of a cup one down its centre.
            double y = bounds.getY() + bounds.getHeight() * between(random, 0.4, 0.55);
            g.draw(new Line2D.Double(bounds.getX(), y, bounds.getMaxX(), y));
        } else {
            g.draw(new Line2D.Double(bounds.getCenterX(), bounds.getY(), bounds.getCenterX(), bounds.getMaxY()));
        }
        if (random.nextDouble() < 0.6) {
            // The nose clip: a short lighter band along the top.
            g.setColor(random.nextBoolean() ? Color.LIGHT_GRAY : base.brighter());
            g.setStroke(new BasicStroke(line * 2));
            double y = bounds.getY() + bounds.getHeight() * 0.08;
            g.draw(new Line2D.Double(
                    bounds.getCenterX() - bounds.getWidth() * 0.15,
                    y,
                    bounds.getCenterX() + bounds.getWidth() * 0.15,
                    y));
        }
        if (random.nextDouble() < 0.4) {
            valve(g, bounds, base, random);
        }
        g.setClip(null);
        headStraps(g, box, bounds, random);
        g.dispose();
        return out;
    }

    private static BufferedImage copyOf(BufferedImage face) {
        BufferedImage out = new BufferedImage(face.getWidth(), face.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(face, 0, 0, null);
        g.dispose();
        return out;
    }

    private static Graphics2D antiAliased(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return g;
    }

    /** A rounded cup: from the nose bridge (a little above a flat mask's top) to just below the chin. */
    private static Path2D cupOutline(LabelledFace.Box box, Placement placement, Random random) {
        double bw = box.width();
        double bh = box.height();
        double top = box.y1() + bh * (between(random, placement.topFrom, placement.topTo) - 0.04);
        double bottom = Math.max(box.y2() + bh * between(random, 0.0, 0.08), top + bh * 0.3);
        double left = box.x1() + bw * between(random, 0.05, 0.15);
        double right = box.x2() - bw * between(random, 0.05, 0.15);
        double centre = (left + right) / 2 + bw * between(random, -0.03, 0.03);
        double middle = top + (bottom - top) * between(random, 0.4, 0.5);
        Path2D path = new Path2D.Double();
        path.moveTo(centre, top);
        path.quadTo(right, top, right, middle);
        path.quadTo(right, bottom, centre, bottom);
        path.quadTo(left, bottom, left, middle);
        path.quadTo(left, top, centre, top);
        path.closePath();
        return path;
    }

    /** Mostly white or off-white, else grey, pale blue or black: the colours respirators come in. */
    private static Color respiratorColour(Random random) {
        double draw = random.nextDouble();
        if (draw < 0.5) {
            return Color.getHSBColor(
                    0.1f + random.nextFloat() * 0.05f, random.nextFloat() * 0.08f, 0.85f + random.nextFloat() * 0.15f);
        }
        if (draw < 0.7) {
            return Color.getHSBColor(0f, 0f, 0.45f + random.nextFloat() * 0.35f);
        }
        if (draw < 0.85) {
            return Color.getHSBColor(
                    0.55f + random.nextFloat() * 0.07f,
                    0.15f + random.nextFloat() * 0.3f,
                    0.7f + random.nextFloat() * 0.3f);
        }
        return Color.getHSBColor(0f, 0f, 0.08f + random.nextFloat() * 0.15f);
    }

    /** An exhalation valve on one cheek: a round or square disc with a rim. */
    private static void valve(Graphics2D g, Rectangle2D cup, Color base, Random random) {
        double d = cup.getWidth() * between(random, 0.18, 0.28);
        double x = cup.getCenterX() + cup.getWidth() * (random.nextBoolean() ? 0.12 : -0.12) - d / 2;
        double y = cup.getY() + cup.getHeight() * between(random, 0.45, 0.6) - d / 2;
        Color disc = random.nextBoolean() ? base.darker().darker() : colour(random);
        g.setColor(disc);
        Shape shape = random.nextBoolean()
                ? new Ellipse2D.Double(x, y, d, d)
                : new RoundRectangle2D.Double(x, y, d, d, d * 0.4, d * 0.4);
        g.fill(shape);
        g.setColor(disc.darker());
        g.draw(shape);
    }

    /** Two straps round the head: from the cup's sides up over the ears and down round the neck. */
    private static void headStraps(Graphics2D g, LabelledFace.Box box, Rectangle2D cup, Random random) {
        g.setColor(
                random.nextBoolean() ? Color.WHITE : random.nextBoolean() ? new Color(230, 200, 60) : colour(random));
        g.setStroke(new BasicStroke((float) Math.max(1, box.width() * 0.025)));
        double upper = cup.getY() + cup.getHeight() * 0.2;
        double lower = cup.getY() + cup.getHeight() * 0.75;
        g.draw(new Line2D.Double(cup.getX(), upper, box.x1() - box.width() * 0.05, box.y1() + box.height() * 0.3));
        g.draw(new Line2D.Double(cup.getMaxX(), upper, box.x2() + box.width() * 0.05, box.y1() + box.height() * 0.3));
        g.draw(new Line2D.Double(cup.getX(), lower, box.x1() - box.width() * 0.05, box.y2()));
        g.draw(new Line2D.Double(cup.getMaxX(), lower, box.x2() + box.width() * 0.05, box.y2()));
    }

    /** The mask's outline: a peak over the nose at the top, sides narrowing to a rounded bottom. */
    private static Path2D outline(LabelledFace.Box box, Placement placement, Random random) {
        double bw = box.width();
        double bh = box.height();
        double top = box.y1() + bh * between(random, placement.topFrom, placement.topTo);
        double bottom = Math.max(box.y2() + bh * between(random, -0.02, 0.08), top + bh * 0.25);
        double height = bottom - top;
        double left = box.x1() + bw * between(random, 0.02, 0.12);
        double right = box.x2() - bw * between(random, 0.02, 0.12);
        double centre = (left + right) / 2 + bw * between(random, -0.04, 0.04);
        double sag = height * between(random, 0.05, 0.14);
        Path2D path = new Path2D.Double();
        path.moveTo(left, top + sag);
        path.quadTo(centre, top - sag, right, top + sag);
        path.lineTo(right - bw * 0.04, bottom - height * 0.4);
        // The control point as far below as the sides end above: the curve's lowest point is the bottom.
        path.quadTo(centre, bottom + height * 0.4, left + bw * 0.04, bottom - height * 0.4);
        path.closePath();
        return path;
    }

    private static void fill(Graphics2D g, Rectangle2D area, Color base, Random random) {
        g.setColor(base);
        g.fill(area);
        double size = Math.max(area.getWidth(), area.getHeight());
        Pattern pattern = Pattern.values()[random.nextInt(Pattern.values().length)];
        switch (pattern) {
            case PLAIN -> {}
            case PLEATED -> {
                g.setColor(base.darker());
                g.setStroke(new BasicStroke((float) Math.max(1, size * 0.02)));
                for (int i = 1; i <= 3; i++) {
                    double y = area.getY() + area.getHeight() * (0.15 + 0.2 * i);
                    g.drawLine((int) area.getX(), (int) y, (int) area.getMaxX(), (int) y);
                }
            }
            case STRIPES -> lines(g, area, size * between(random, 0.06, 0.2), colour(random), random.nextBoolean());
            case CHECKS -> {
                double period = size * between(random, 0.08, 0.25);
                lines(g, area, period, colour(random), true);
                lines(g, area, period, colour(random), false);
            }
            case PRINT -> {
                Color[] inks = {colour(random), colour(random), colour(random)};
                int blots = 6 + random.nextInt(20);
                for (int i = 0; i < blots; i++) {
                    double d = size * between(random, 0.05, 0.25);
                    g.setColor(inks[random.nextInt(inks.length)]);
                    g.fill(new Ellipse2D.Double(
                            area.getX() + random.nextDouble() * area.getWidth() - d / 2,
                            area.getY() + random.nextDouble() * area.getHeight() - d / 2,
                            d,
                            d * between(random, 0.5, 1.5)));
                }
            }
        }
    }

    private static void cut(Graphics2D g, Rectangle2D area, Fabric fabric) {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        Rectangle from = fabric.region();
        g.drawImage(
                fabric.picture(),
                (int) Math.floor(area.getX()),
                (int) Math.floor(area.getY()),
                (int) Math.ceil(area.getMaxX()),
                (int) Math.ceil(area.getMaxY()),
                from.x,
                from.y,
                from.x + from.width,
                from.y + from.height,
                null);
    }

    /** Parallel bands of {@code ink}, half the period wide: vertical or horizontal. */
    private static void lines(Graphics2D g, Rectangle2D area, double period, Color ink, boolean vertical) {
        g.setColor(ink);
        double band = Math.max(1, period / 2);
        double start = vertical ? area.getX() : area.getY();
        double end = vertical ? area.getMaxX() : area.getMaxY();
        for (double p = start; p < end; p += Math.max(2, period)) {
            g.fill(
                    vertical
                            ? new Rectangle2D.Double(p, area.getY(), band, area.getHeight())
                            : new Rectangle2D.Double(area.getX(), p, area.getWidth(), band));
        }
    }

    /**
     * Darker towards the edges, as light falls on a curved mask; {@code darkest} is the most the
     * edge is darkened (0-1), drawn between 0.3 and 1 of it.
     */
    private static void shade(Graphics2D g, Rectangle2D area, Random random, double darkest) {
        float radius = (float) Math.max(1, Math.max(area.getWidth(), area.getHeight()) * 0.75);
        Point2D centre = new Point2D.Double(
                area.getCenterX() + area.getWidth() * between(random, -0.2, 0.2),
                area.getY() + area.getHeight() * between(random, 0.3, 0.5));
        int edge = (int) (255 * between(random, 0.3 * darkest, darkest));
        g.setPaint(new RadialGradientPaint(
                centre,
                radius,
                new float[] {0f, 1f},
                new Color[] {new Color(0, 0, 0, 0), new Color(0, 0, 0, edge)},
                MultipleGradientPaint.CycleMethod.NO_CYCLE));
        g.fill(area);
    }

    /** Thin straps from the mask's upper corners towards the ears. */
    private static void earLoops(Graphics2D g, LabelledFace.Box box, Rectangle2D mask, Random random) {
        g.setColor(random.nextBoolean() ? Color.WHITE : colour(random));
        g.setStroke(new BasicStroke((float) Math.max(1, box.width() * 0.02)));
        double top = mask.getY() + mask.getHeight() * 0.1;
        double ear = box.y1() + box.height() * 0.4;
        g.draw(new Line2D.Double(mask.getX(), top, box.x1() - box.width() * 0.02, ear));
        g.draw(new Line2D.Double(mask.getMaxX(), top, box.x2() + box.width() * 0.02, ear));
    }

    /**
     * Any colour: a third white, grey or black (as plain masks are), the rest of any hue, pastels
     * included (a pink surgical mask has a saturation of about 0.2; drawn from 0.3 up, as they were,
     * pink and beige masks were never painted, and the models called them bare skin).
     */
    private static Color colour(Random random) {
        if (random.nextDouble() < 0.33) {
            return Color.getHSBColor(random.nextFloat(), random.nextFloat() * 0.15f, 0.1f + random.nextFloat() * 0.9f);
        }
        return Color.getHSBColor(
                random.nextFloat(), 0.15f + random.nextFloat() * 0.85f, 0.3f + random.nextFloat() * 0.7f);
    }

    /**
     * A colour close to the wearer's own skin: the mean of the nose in {@code box}, its hue turned a
     * little and its brightness changed by 8-25 %. Masks of skin colour (nude, beige, pink) exist, and
     * a network that has only seen masks unlike the face learns "a colour edge across the face" rather
     * than "nose and mouth covered".
     */
    static Color skinTone(BufferedImage face, LabelledFace.Box box, Random random) {
        int x1 = clamp(box.x1() + box.width() * 2 / 5, 0, face.getWidth() - 1);
        int x2 = clamp(box.x1() + box.width() * 3 / 5, x1 + 1, face.getWidth());
        int y1 = clamp(box.y1() + box.height() / 2, 0, face.getHeight() - 1);
        int y2 = clamp(box.y1() + box.height() * 3 / 5, y1 + 1, face.getHeight());
        long r = 0, g = 0, b = 0;
        for (int y = y1; y < y2; y++) {
            for (int x = x1; x < x2; x++) {
                int p = face.getRGB(x, y);
                r += (p >> 16) & 0xff;
                g += (p >> 8) & 0xff;
                b += p & 0xff;
            }
        }
        long n = (long) (x2 - x1) * (y2 - y1);
        float[] hsb = Color.RGBtoHSB((int) (r / n), (int) (g / n), (int) (b / n), null);
        double turn = between(random, 0.01, 0.04) * (random.nextBoolean() ? 1 : -1);
        // Lighter when there is room for it, else darker.
        boolean lighter = hsb[2] < 0.75 && random.nextBoolean();
        double brightness = hsb[2] * (lighter ? between(random, 1.08, 1.25) : between(random, 0.75, 0.92));
        float saturation = (float) Math.min(1, hsb[1] * between(random, 0.8, 1.3));
        return Color.getHSBColor((float) (hsb[0] + turn), saturation, (float) Math.min(1, brightness));
    }

    private static int clamp(int value, int low, int high) {
        return Math.max(low, Math.min(high, value));
    }

    private static double between(Random random, double low, double high) {
        return low + random.nextDouble() * (high - low);
    }
}
