package io.maskwatch.vision.output;

import io.maskwatch.vision.overlay.Overlay;
import io.maskwatch.vision.pipeline.FrameListener;
import io.maskwatch.vision.pipeline.FrameResult;
import java.awt.GraphicsEnvironment;
import java.util.Optional;
import org.bytedeco.javacv.CanvasFrame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code --show}: a window with the annotated frames, where a display exists. */
public final class PreviewWindow implements FrameListener {
    private static final Logger log = LoggerFactory.getLogger(PreviewWindow.class);

    private final CanvasFrame window;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private final Mat canvas = new Mat();

    private PreviewWindow(CanvasFrame window) {
        this.window = window;
    }

    /** A window, or nothing (with a warning) on a machine without a display. */
    public static Optional<PreviewWindow> open(String title) {
        if (GraphicsEnvironment.isHeadless()) {
            log.warn("preview window: no display here (headless); running without it");
            return Optional.empty();
        }
        CanvasFrame window = new CanvasFrame(title, 1);
        window.setDefaultCloseOperation(javax.swing.WindowConstants.DISPOSE_ON_CLOSE);
        return Optional.of(new PreviewWindow(window));
    }

    @Override
    public void frame(FrameResult result) {
        if (!window.isVisible()) {
            return; // closed by the user: analysis goes on
        }
        result.frame().image().copyTo(canvas);
        Overlay.draw(canvas, result.faces());
        window.showImage(converter.convert(canvas));
    }

    @Override
    public void close() {
        window.dispose();
        converter.close();
        canvas.close();
    }
}
