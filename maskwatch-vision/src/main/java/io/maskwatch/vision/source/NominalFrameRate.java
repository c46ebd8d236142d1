package io.maskwatch.vision.source;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * The frame rate of a video file. FFmpeg's reported rate is the average (frames over duration),
 * which frames missing from the recording pull down: the sample crowd video is 25 fps with 14
 * frames missing and averages 24.46, and its annotated copy must play at 25 again. So for a file
 * its stream's own (nominal) rate is used when it is plausible.
 */
public final class NominalFrameRate {
    private NominalFrameRate() {}

    /** The rate of the file open in {@code grabber}: nominal when plausible, else {@code average}. */
    static double of(FFmpegFrameGrabber grabber, double average) {
        return choose(nominal(grabber), average);
    }

    /**
     * The nominal rate when it is plausible: missing frames only lower the average, so a nominal
     * rate below it, or far above it (some containers give their time base's rate), is not used.
     */
    public static double choose(double nominal, double average) {
        if (!(nominal > 0) || nominal > 1000) {
            return average;
        }
        if (!(average > 0)) {
            return nominal;
        }
        return nominal >= average * 0.999 && nominal <= average * 1.25 ? nominal : average;
    }

    private static double nominal(FFmpegFrameGrabber grabber) {
        AVFormatContext format = grabber.getFormatContext();
        int index = grabber.getVideoStream();
        if (format == null || index < 0 || index >= format.nb_streams()) {
            return 0;
        }
        AVStream stream = format.streams(index);
        AVRational rate = stream.r_frame_rate();
        return rate.den() == 0 ? 0 : avutil.av_q2d(rate);
    }
}
