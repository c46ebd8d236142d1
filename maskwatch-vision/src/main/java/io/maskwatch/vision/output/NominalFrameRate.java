package io.maskwatch.vision.output;

import io.maskwatch.vision.source.FfmpegLog;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * The frame rate an annotated copy of a video file is written at. A source's reported rate is its
 * average (frames over duration), which frames missing from the recording pull down: the sample
 * crowd video is 25 fps with 14 frames missing and averages 24.46. Its copy must play at 25 again,
 * so for a file its stream's own (nominal) rate is used.
 */
public final class NominalFrameRate {
    private NominalFrameRate() {}

    /**
     * @param source the file or URL as given to {@code --source}
     * @param average the rate the source reports; kept for streams and when the file has no
     *     plausible nominal rate
     */
    public static double of(String source, double average) {
        Path file;
        try {
            file = Path.of(source);
        } catch (InvalidPathException e) {
            return average;
        }
        if (!Files.isRegularFile(file)) {
            return average;
        }
        return choose(nominal(file), average);
    }

    /**
     * The nominal rate when it is plausible: missing frames only lower the average, so a nominal
     * rate below it, or far above it (some containers give their time base's rate), is not used.
     */
    static double choose(double nominal, double average) {
        if (!(nominal > 0) || nominal > 1000) {
            return average;
        }
        if (!(average > 0)) {
            return nominal;
        }
        return nominal >= average * 0.999 && nominal <= average * 1.25 ? nominal : average;
    }

    private static double nominal(Path file) {
        FfmpegLog.errorsOnly();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            AVFormatContext format = grabber.getFormatContext();
            int index = grabber.getVideoStream();
            if (format == null || index < 0 || index >= format.nb_streams()) {
                return 0;
            }
            AVStream stream = format.streams(index);
            AVRational rate = stream.r_frame_rate();
            return rate.den() == 0 ? 0 : avutil.av_q2d(rate);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            return 0;
        }
    }
}
