package io.maskwatch.vision.output;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import io.maskwatch.vision.overlay.Overlay;
import io.maskwatch.vision.pipeline.FrameListener;
import io.maskwatch.vision.pipeline.FrameResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;

/** {@code --out folder/} for still images: each image annotated, under its own file name. */
public final class AnnotatedImages implements FrameListener {
    private final Path folder;
    private final Mat canvas = new Mat();

    public AnnotatedImages(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new OutputException("cannot create " + folder + " for annotated images (" + e.getMessage() + ")", e);
        }
        this.folder = folder;
    }

    @Override
    public void frame(FrameResult result) {
        result.frame().image().copyTo(canvas);
        Overlay.draw(canvas, result.faces());
        Path file = folder.resolve(result.frame().name());
        if (!imwrite(file.toString(), canvas)) {
            throw new OutputException("cannot write " + file + "; check that the folder is writable");
        }
    }

    @Override
    public void close() {
        canvas.close();
    }
}
