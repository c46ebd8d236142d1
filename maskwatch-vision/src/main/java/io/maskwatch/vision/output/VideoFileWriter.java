package io.maskwatch.vision.output;

import io.maskwatch.vision.source.FfmpegLog;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Encodes BGR frames into a video file with FFmpeg's MPEG-4 Part 2 encoder: it ships with the
 * standard FFmpeg build (libx264 does not), and every player reads it.
 */
public final class VideoFileWriter implements AutoCloseable {
    private final FFmpegFrameRecorder recorder;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private final Path file;
    private final int width;
    private final int height;

    private VideoFileWriter(FFmpegFrameRecorder recorder, Path file, int width, int height) {
        this.recorder = recorder;
        this.file = file;
        this.width = width;
        this.height = height;
    }

    /** Opens {@code file} for frames of {@code width x height}; the container follows the extension. */
    public static VideoFileWriter open(Path file, int width, int height, double frameRate) {
        FfmpegLog.errorsOnly();
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toString(), width, height, 0);
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(frameRate > 0 ? frameRate : 25);
        // About 0.25 bit per pixel: boxes and small text stay legible.
        recorder.setVideoBitrate(Math.max(500_000, (int) (width * height * recorder.getFrameRate() / 4)));
        try {
            recorder.start();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            throw new OutputException(
                    "cannot write video " + file + " (" + e.getMessage()
                            + "); check that its folder exists and is writable and that it ends in .mp4, .avi or .mkv",
                    e);
        }
        return new VideoFileWriter(recorder, file, width, height);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public void write(Mat bgr) {
        try {
            recorder.record(converter.convert(bgr));
        } catch (FrameRecorder.Exception e) {
            throw new IllegalStateException("writing a frame to " + file + " failed", e);
        }
    }

    @Override
    public void close() {
        try {
            recorder.close();
        } catch (FrameRecorder.Exception e) {
            throw new IllegalStateException("finishing " + file + " failed", e);
        } finally {
            converter.close();
        }
    }
}
