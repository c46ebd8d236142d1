package io.maskwatch.server.ingress;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.maskwatch.core.image.SyntheticJpeg;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageCheckTest {

    private static byte[] encode(BufferedImage image, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    private static BufferedImage face() {
        BufferedImage image = new BufferedImage(120, 150, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200, 160, 140));
        g.fillOval(10, 10, 100, 130);
        g.dispose();
        return image;
    }

    @Test
    void wholeJpegsAndPngsPass() throws Exception {
        for (byte[] picture :
                new byte[][] {encode(face(), "jpeg"), encode(face(), "png"), SyntheticJpeg.ofSize(20_000, 3)}) {
            assertThatCode(() -> ImageCheck.check(ByteString.copyFrom(picture))).doesNotThrowAnyException();
        }
    }

    @Test
    void aJpegCutAnywhereIsDamaged() throws Exception {
        byte[] jpeg = encode(face(), "jpeg");
        for (int cut : new int[] {3, 20, jpeg.length / 2, jpeg.length - 1}) {
            byte[] part = Arrays.copyOf(jpeg, cut);
            assertThatThrownBy(() -> ImageCheck.check(ByteString.copyFrom(part)))
                    .as("cut at %d of %d bytes", cut, jpeg.length)
                    .isInstanceOf(InvalidAlertException.class)
                    .hasMessageContaining("damaged JPEG");
        }
    }

    @Test
    void bytesThatAreNoPictureAndAnEmptyFrameAreRefused() throws Exception {
        assertThatThrownBy(() -> ImageCheck.check(ByteString.copyFromUtf8("these bytes are not a face crop")))
                .isInstanceOf(InvalidAlertException.class)
                .hasMessageContaining("not an image (31 bytes");
        byte[] jpeg = encode(face(), "jpeg");
        // Zero the picture's width in its frame header (SOF0): the structure is whole, the picture is not.
        for (int i = 2; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) {
                jpeg[i + 7] = 0;
                jpeg[i + 8] = 0;
                break;
            }
        }
        assertThatThrownBy(() -> ImageCheck.check(ByteString.copyFrom(jpeg)))
                .isInstanceOf(InvalidAlertException.class)
                .hasMessageContaining("size of 0 x 150");
        // A PNG cut short is decoded whole and refused.
        byte[] png = encode(face(), "png");
        assertThatThrownBy(() -> ImageCheck.check(ByteString.copyFrom(Arrays.copyOf(png, png.length / 2))))
                .isInstanceOf(InvalidAlertException.class);
    }
}
