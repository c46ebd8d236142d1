package io.maskwatch.vision.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContactSheetTest {
    @TempDir
    Path dir;

    @Test
    void eachCropLandsInItsOwnCellInReadingOrder() throws Exception {
        Color[] colours = {Color.RED, Color.GREEN, Color.BLUE, Color.MAGENTA, Color.ORANGE};
        List<ContactSheet.Tile> tiles = new ArrayList<>();
        for (int i = 0; i < colours.length; i++) {
            // Crops of different sizes: every one is scaled to the tile.
            tiles.add(new ContactSheet.Tile(filled(12 + 10 * i, colours[i]), List.of("#" + i, "p 0.9"), Color.GRAY));
        }
        Path png = dir.resolve("sub/sheet.png");
        new ContactSheet(64, 3).write(png, "five crops", tiles);

        BufferedImage sheet = ImageIO.read(png.toFile());
        int cellWidth = 64 + ContactSheet.MARGIN;
        // Two lines of caption under each tile.
        int cellHeight = 64 + 2 * 14 + ContactSheet.MARGIN + 4;
        assertThat(sheet.getHeight()).isEqualTo(ContactSheet.TITLE_HEIGHT + ContactSheet.MARGIN + 2 * cellHeight);
        for (int i = 0; i < colours.length; i++) {
            int centreX = ContactSheet.MARGIN + (i % 3) * cellWidth + 32;
            int centreY = ContactSheet.TITLE_HEIGHT + ContactSheet.MARGIN + (i / 3) * cellHeight + 32;
            assertThat(new Color(sheet.getRGB(centreX, centreY)))
                    .as("tile %d", i)
                    .isEqualTo(colours[i]);
        }
        // The sixth cell stays empty.
        int emptyX = ContactSheet.MARGIN + 2 * cellWidth + 32;
        int emptyY = ContactSheet.TITLE_HEIGHT + ContactSheet.MARGIN + cellHeight + 32;
        assertThat(new Color(sheet.getRGB(emptyX, emptyY))).isEqualTo(Color.WHITE);
    }

    @Test
    void anEmptySheetIsStillAPicture() {
        BufferedImage sheet = new ContactSheet(64, 4).render("no events", List.of());
        assertThat(sheet.getWidth()).isGreaterThanOrEqualTo(360);
        assertThat(sheet.getHeight()).isGreaterThan(ContactSheet.TITLE_HEIGHT);
    }

    @Test
    void nonsenseSizesAreRefused() {
        assertThatThrownBy(() -> new ContactSheet(4, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ContactSheet(64, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static BufferedImage filled(int side, Color colour) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, side, side);
        g.dispose();
        return image;
    }
}
