package io.maskwatch.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SyntheticJpegTest {

    @Test
    void aTwentyKilobyteImageIsAPictureOfAFaceCropsSizeNotPadding() throws Exception {
        for (long seed = 0; seed < 5; seed++) {
            byte[] jpeg = SyntheticJpeg.ofSize(20 * 1024, seed);
            assertThat(jpeg).hasSize(20 * 1024);
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(jpeg));
            // At ImageIO's default quality noise takes under a byte a pixel: a 20 KB picture is
            // some 150-200 px wide, as a stored face crop is, so decoding it costs what decoding a
            // real crop costs (the padding after it is not decoded).
            assertThat(picture.getWidth()).isBetween(128, 256);
        }
    }

    @Test
    void aSizeBelowTheSmallestPictureGivesTheSmallestPicture() throws Exception {
        byte[] jpeg = SyntheticJpeg.ofSize(10, 1);
        assertThat(jpeg.length).isGreaterThan(10);
        assertThat(ImageIO.read(new ByteArrayInputStream(jpeg)).getWidth()).isEqualTo(16);
    }
}
