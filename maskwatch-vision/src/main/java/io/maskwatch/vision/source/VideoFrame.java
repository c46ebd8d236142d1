package io.maskwatch.vision.source;

import java.time.Instant;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One decoded image and where it came from. Owns its pixels (a native BGR {@link Mat}): whoever
 * takes a frame from a source closes it once done.
 *
 * @param image 8-bit BGR pixels
 * @param index the frame's number on its source (gaps where a live source dropped frames)
 * @param time when the frame was seen: capture time for live sources, the recording's time for
 *     files (start time + position), the file's time for images
 * @param name the source's name; for a folder of images, the image's file name
 */
public record VideoFrame(Mat image, long index, Instant time, String name) implements AutoCloseable {

    public int width() {
        return image.cols();
    }

    public int height() {
        return image.rows();
    }

    @Override
    public void close() {
        image.close();
    }
}
