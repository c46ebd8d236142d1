package io.maskwatch.vision.output;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A PNG grid of face crops, each with a few caption lines under it: the evidence of a run (its
 * events, or an evaluation's false alarms and misses) laid out so a person can look at it rather
 * than read a table. Crops are scaled to one tile size, small ones enlarged smoothly, so a blurred
 * 20 px face looks as blurred as it is rather than sharpened by blocky pixels.
 */
public final class ContactSheet {
    /** One crop, the lines printed under it, and the colour of its frame. */
    public record Tile(BufferedImage image, List<String> caption, Color frame) {}

    static final int MARGIN = 8;
    static final int TITLE_HEIGHT = 28;
    private static final int LINE_HEIGHT = 14;
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font CAPTION_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private final int tileSize;
    private final int columns;

    /**
     * @param tileSize the side of each crop on the sheet, in pixels
     * @param columns tiles per row at most
     */
    public ContactSheet(int tileSize, int columns) {
        if (tileSize < 16 || columns < 1) {
            throw new IllegalArgumentException(
                    "tile size >= 16 and columns >= 1 expected, got " + tileSize + ", " + columns);
        }
        this.tileSize = tileSize;
        this.columns = columns;
    }

    /** Renders the sheet; an empty list gives a sheet that says so under the title. */
    public BufferedImage render(String title, List<Tile> tiles) {
        int lines = tiles.stream().mapToInt(t -> t.caption().size()).max().orElse(1);
        int cellWidth = tileSize + MARGIN;
        int cellHeight = tileSize + lines * LINE_HEIGHT + MARGIN + 4;
        int cols = Math.max(1, Math.min(columns, tiles.size()));
        int rows = Math.max(1, (tiles.size() + cols - 1) / cols);
        int width = Math.max(360, MARGIN + cols * cellWidth);
        int height = TITLE_HEIGHT + MARGIN + rows * cellHeight;
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(TITLE_FONT);
            g.drawString(title, MARGIN, TITLE_HEIGHT - 8);
            if (tiles.isEmpty()) {
                g.setFont(CAPTION_FONT);
                g.drawString("(nothing to show)", MARGIN, TITLE_HEIGHT + MARGIN + LINE_HEIGHT);
            }
            for (int i = 0; i < tiles.size(); i++) {
                int x = MARGIN + (i % cols) * cellWidth;
                int y = TITLE_HEIGHT + MARGIN + (i / cols) * cellHeight;
                drawTile(g, tiles.get(i), x, y);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /** Renders the sheet and writes it as PNG, creating the folder it goes in. */
    public void write(Path png, String title, List<Tile> tiles) throws IOException {
        writePng(render(title, tiles), png);
    }

    /** Writes a rendered sheet (or sheets put together) as PNG, creating the folder it goes in. */
    public static void writePng(BufferedImage image, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", png.toFile())) {
            throw new IOException("no PNG writer available for " + png);
        }
    }

    private void drawTile(Graphics2D g, Tile tile, int x, int y) {
        g.drawImage(tile.image(), x, y, tileSize, tileSize, null);
        g.setColor(tile.frame());
        g.setStroke(new BasicStroke(3));
        g.drawRect(x - 1, y - 1, tileSize + 1, tileSize + 1);
        g.setColor(Color.BLACK);
        g.setFont(CAPTION_FONT);
        FontMetrics metrics = g.getFontMetrics();
        int line = 0;
        for (String text : tile.caption()) {
            g.drawString(fit(text, metrics), x, y + tileSize + 4 + (++line) * LINE_HEIGHT - 3);
        }
    }

    /** The text cut with an ellipsis to the tile's width, so captions never run into the next tile. */
    private String fit(String text, FontMetrics metrics) {
        if (metrics.stringWidth(text) <= tileSize) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && metrics.stringWidth(cut + "…") > tileSize) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }
}
