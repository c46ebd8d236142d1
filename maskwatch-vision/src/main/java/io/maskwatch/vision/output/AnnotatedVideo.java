package io.maskwatch.vision.output;

import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.maskwatch.vision.overlay.Overlay;
import io.maskwatch.vision.pipeline.FrameListener;
import io.maskwatch.vision.pipeline.FrameResult;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * {@code --out annotated.mp4}: every analysed frame with its boxes and labels. The file is opened
 * on the first frame (its size is known then); later frames of another size (a camera that came
 * back in another mode) are resized to it.
 */
public final class AnnotatedVideo implements FrameListener {
    private final Path file;
    private final double frameRate;
    private final Mat canvas = new Mat();
    private VideoFileWriter writer;

    public AnnotatedVideo(Path file, double frameRate) {
        this.file = file;
        this.frameRate = frameRate;
    }

    @Override
    public void frame(FrameResult result) {
        Mat image = result.frame().image();
        if (writer == null) {
            writer = VideoFileWriter.open(file, image.cols() & ~1, image.rows() & ~1, frameRate);
        }
        if (image.cols() == writer.width() && image.rows() == writer.height()) {
            image.copyTo(canvas);
        } else {
            try (Size size = new Size(writer.width(), writer.height())) {
                resize(image, canvas, size);
            }
        }
        Overlay.draw(canvas, result.faces());
        writer.write(canvas);
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
        canvas.close();
    }
}
