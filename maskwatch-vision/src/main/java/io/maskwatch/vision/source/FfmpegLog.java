package io.maskwatch.vision.source;

import org.bytedeco.ffmpeg.global.avutil;

/** FFmpeg's console chatter (stream banners, per-packet warnings) would drown MaskWatch's logs. */
public final class FfmpegLog {
    private FfmpegLog() {}

    /** Lets only FFmpeg's errors through; cheap to call more than once. */
    public static void errorsOnly() {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }
}
