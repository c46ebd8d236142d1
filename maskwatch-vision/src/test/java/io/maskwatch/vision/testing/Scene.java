package io.maskwatch.vision.testing;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.maskwatch.vision.output.VideoFileWriter;
import io.maskwatch.vision.source.FfmpegLog;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Draws test videos: faces pasted on a plain background, each visible for a span of frames. */
public final class Scene {
    public static final int WIDTH = 640;
    public static final int HEIGHT = 360;
    public static final int FPS = 25;

    /**
     * A face on screen from frame {@code from} (inclusive) to {@code to} (exclusive), its top-left
     * corner at (x, y) moving by (dx, dy) pixels per frame.
     */
    public record Actor(Mat face, int from, int to, int x, int y, float dx, float dy) {
        public static Actor still(Mat face, int from, int to, int x, int y) {
            return new Actor(face, from, to, x, y, 0, 0);
        }

        int xAt(int frame) {
            return Math.round(x + dx * (frame - from));
        }

        int yAt(int frame) {
            return Math.round(y + dy * (frame - from));
        }
    }

    private Scene() {}

    public static Mat background(int width, int height) {
        return new Mat(height, width, CV_8UC3, new Scalar(150, 160, 170, 0));
    }

    public static void paste(Mat canvas, Mat face, int x, int y) {
        int w = Math.min(face.cols(), canvas.cols() - x);
        int h = Math.min(face.rows(), canvas.rows() - y);
        if (w <= 0 || h <= 0 || x < 0 || y < 0) {
            return;
        }
        try (Rect from = new Rect(0, 0, w, h);
                Rect to = new Rect(x, y, w, h);
                Mat src = new Mat(face, from);
                Mat dst = new Mat(canvas, to)) {
            src.copyTo(dst);
        }
    }

    /** Writes {@code frames} frames of the actors to an MPEG-4 file. */
    public static Path write(Path file, int frames, List<Actor> actors) {
        try (VideoFileWriter writer = VideoFileWriter.open(file, WIDTH, HEIGHT, FPS)) {
            draw(frames, actors, writer::write);
        }
        return file;
    }

    /**
     * Writes an MP4 with its index (moov) at the front, as cameras and web exports do: cut short, it
     * still opens, and only the frame count in its header tells that frames are missing.
     */
    public static Path writeIndexedAtFront(Path file, int frames, List<Actor> actors) throws Exception {
        return writeIndexedAtFront(file, frames, actors, null);
    }

    /** As {@link #writeIndexedAtFront}, with the container's {@code creation_time} when not null. */
    public static Path writeIndexedAtFront(Path file, int frames, List<Actor> actors, java.time.Instant created)
            throws Exception {
        FfmpegLog.errorsOnly();
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toString(), WIDTH, HEIGHT, 0);
                OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            recorder.setFormat("mp4");
            recorder.setOption("movflags", "faststart");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(FPS);
            recorder.setVideoBitrate(2_000_000);
            if (created != null) {
                recorder.setMetadata("creation_time", created.toString());
            }
            recorder.start();
            draw(frames, actors, canvas -> {
                try {
                    recorder.record(converter.convert(canvas));
                } catch (FrameRecorder.Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            recorder.stop();
        }
        return file;
    }

    private static void draw(int frames, List<Actor> actors, java.util.function.Consumer<Mat> out) {
        for (int f = 0; f < frames; f++) {
            try (Mat canvas = background(WIDTH, HEIGHT)) {
                for (Actor a : actors) {
                    if (f >= a.from() && f < a.to()) {
                        paste(canvas, a.face(), a.xAt(f), a.yAt(f));
                    }
                }
                out.accept(canvas);
            }
        }
    }
}
