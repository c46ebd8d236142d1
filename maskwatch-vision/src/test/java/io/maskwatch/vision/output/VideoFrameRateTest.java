package io.maskwatch.vision.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.maskwatch.vision.source.FfmpegFrameReader;
import io.maskwatch.vision.source.FfmpegLog;
import io.maskwatch.vision.source.NominalFrameRate;
import io.maskwatch.vision.testing.Scene;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An annotated copy plays at its source's frame rate: 25 fps in, 25 fps out. */
class VideoFrameRateTest {
    @TempDir
    Path dir;

    @Test
    void aVideoWrittenAt25FpsReadsBackAt25() throws Exception {
        assertThat(readRate(write(dir.resolve("a.mp4"), 25))).isCloseTo(25.0, within(1e-6));
    }

    @Test
    void aVideoWrittenAtNtscRateReadsBackAt30000Over1001() throws Exception {
        assertThat(readRate(write(dir.resolve("b.mp4"), 30000 / 1001.0))).isCloseTo(30000 / 1001.0, within(1e-6));
    }

    @Test
    void aFileWithMissingFramesIsCopiedAtItsNominalRate() throws Exception {
        Path gappy = dir.resolve("gappy.mp4");
        writeWithGap(gappy);
        double average = readRate(gappy);
        // The gap pulls the average down, as in the sample crowd video (24.46 for 25).
        assertThat(average).isLessThan(24.5);
        // The reader detect takes the copy's rate from.
        try (FfmpegFrameReader reader = FfmpegFrameReader.open(gappy.toString(), null, Map.of(), false, "gappy")) {
            assertThat(reader.frameRate()).isEqualTo(25.0);
        }
    }

    @Test
    void implausibleNominalRatesKeepTheAverage() {
        assertThat(NominalFrameRate.choose(25, 24.46)).isEqualTo(25);
        assertThat(NominalFrameRate.choose(90000, 24.46)).isEqualTo(24.46);
        assertThat(NominalFrameRate.choose(50, 24.46)).isEqualTo(24.46);
        assertThat(NominalFrameRate.choose(20, 24.46)).isEqualTo(24.46);
        assertThat(NominalFrameRate.choose(0, 24.46)).isEqualTo(24.46);
        assertThat(NominalFrameRate.choose(25, 0)).isEqualTo(25);
    }

    private static Path write(Path file, double rate) {
        try (VideoFileWriter writer = VideoFileWriter.open(file, 64, 48, rate);
                Mat frame = Scene.background(64, 48)) {
            for (int i = 0; i < 30; i++) {
                writer.write(frame);
            }
        }
        return file;
    }

    /** 40 frames at 25 fps with frames 20 to 23 missing: timestamps jump by 200 ms once. */
    private static void writeWithGap(Path file) throws Exception {
        FfmpegLog.errorsOnly();
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toString(), 64, 48, 0);
                OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
                Mat frame = Scene.background(64, 48)) {
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(25);
            recorder.start();
            for (int i = 0; i < 44; i++) {
                if (i >= 20 && i < 24) {
                    continue;
                }
                recorder.setTimestamp(i * 40_000L);
                recorder.record(converter.convert(frame));
            }
        }
    }

    private static double readRate(Path file) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            return grabber.getFrameRate();
        }
    }
}
