package io.maskwatch.server.ingress;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Whether an event's face crop is a picture: it is decoded whole, and a decoder's warning (a
 * truncated JPEG decodes with a grey bottom and a warning, not an error) counts as damage. Bytes
 * that are not a picture would otherwise be archived and emailed as an attachment nobody can open.
 */
final class ImageCheck {
    private ImageCheck() {}

    static void check(ByteString data) throws InvalidAlertException {
        try (ImageInputStream in = ImageIO.createImageInputStream(data.newInput())) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidAlertException(
                        "image.data is not an image (" + data.size() + " bytes in no format an image reader knows)");
            }
            ImageReader reader = readers.next();
            try {
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                reader.setInput(in, true, true);
                reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new InvalidAlertException(
                            "image.data is a damaged " + reader.getFormatName() + " image: " + warnings.get(0));
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidAlertException("image.data does not decode as an image: " + e.getMessage());
        }
    }
}
