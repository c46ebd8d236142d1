package io.maskwatch.server.notify;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Keeps the face crops of an email under a size: a larger crop is scaled down and sent as JPEG, so
 * that a large crop never makes a server refuse the email (552, message too large).
 */
final class EmailImages {
    private static final float QUALITY = 0.85f;
    private static final int SMALLEST_SIDE = 32;

    private EmailImages() {}

    /** {@code image} as is when it fits in {@code maxBytes}, else scaled down until it does. */
    static Email.InlineImage fit(Email.InlineImage image, int maxBytes) {
        if (image.data().length <= maxBytes) {
            return image;
        }
        try {
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(image.data()));
            if (picture == null) {
                return image; // The ingress lets only pictures in; should one slip through, it goes as it is.
            }
            byte[] jpeg = jpeg(picture);
            // JPEG size goes with the area: shrink by the square root of the excess, a little more each try.
            while (jpeg.length > maxBytes && Math.min(picture.getWidth(), picture.getHeight()) > SMALLEST_SIDE) {
                double factor = Math.min(0.9, Math.sqrt((double) maxBytes / jpeg.length) * 0.95);
                picture = scaled(picture, factor);
                jpeg = jpeg(picture);
            }
            return new Email.InlineImage(image.contentId(), "image/jpeg", jpeg);
        } catch (IOException e) {
            return image;
        }
    }

    private static BufferedImage scaled(BufferedImage picture, double factor) {
        int w = Math.max(SMALLEST_SIDE, (int) Math.round(picture.getWidth() * factor));
        int h = Math.max(SMALLEST_SIDE, (int) Math.round(picture.getHeight() * factor));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(picture, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static byte[] jpeg(BufferedImage picture) throws IOException {
        BufferedImage rgb = picture;
        if (picture.getType() != BufferedImage.TYPE_INT_RGB && picture.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            rgb = new BufferedImage(picture.getWidth(), picture.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = rgb.createGraphics();
            g.drawImage(picture, 0, 0, null);
            g.dispose();
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(QUALITY);
            writer.write(null, new IIOImage(rgb, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
