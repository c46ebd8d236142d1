package io.maskwatch.vision.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Video through FFmpeg: files, stream URLs and V4L2 cameras. */
public final class FfmpegFrameReader implements FrameReader {
    private static final Logger log = LoggerFactory.getLogger(FfmpegFrameReader.class);

    static {
        FfmpegLog.errorsOnly();
    }

    private final FFmpegFrameGrabber grabber;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private final String name;
    private final boolean wallClock;
    private final Instant start;
    private long index;

    private FfmpegFrameReader(FFmpegFrameGrabber grabber, String name, boolean wallClock, Instant start) {
        this.grabber = grabber;
        this.name = name;
        this.wallClock = wallClock;
        this.start = start;
    }

    /**
     * Opens an input; throws what FFmpeg reports when it cannot (callers turn it into advice).
     *
     * @param format FFmpeg input format ({@code video4linux2} for cameras), {@code null} to probe
     * @param options FFmpeg options (timeouts, transport)
     * @param wallClock stamp frames with the time they are read (live) instead of start + position
     */
    public static FfmpegFrameReader open(
            String target, String format, Map<String, String> options, boolean wallClock, String name)
            throws FrameGrabber.Exception {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(target);
        if (format != null) {
            grabber.setFormat(format);
        }
        options.forEach(grabber::setOption);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            grabber.close();
            throw e;
        }
        if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            grabber.close();
            throw new FrameGrabber.Exception("no video stream in " + target);
        }
        return new FfmpegFrameReader(grabber, name, wallClock, recordingStart(grabber, target));
    }

    /**
     * When a file's first frame was recorded: its {@code creation_time} metadata, else its length
     * before the file was last written (a recording is written to its end); without either, its
     * length before now. Never so late that the last frame would be dated after now: a file is
     * analysed faster than it was recorded, and a camera's clock may be wrong. The same file gives
     * the same times in every run, so a rerun dates its events and counts as the first run did.
     *
     * @param modified when the file was last written; null for an input that is not a file
     */
    static Instant recordingStart(String creationTime, Instant modified, Duration length, Instant now) {
        Instant latest = now.minus(length);
        Instant claimed = modified == null ? null : modified.minus(length);
        if (creationTime != null) {
            try {
                claimed = Instant.parse(creationTime);
            } catch (DateTimeParseException e) {
                log.debug("ignoring unparseable creation_time '{}'", creationTime);
            }
        }
        if (claimed == null || claimed.isAfter(latest)) {
            return latest;
        }
        return claimed;
    }

    private static Instant recordingStart(FFmpegFrameGrabber grabber, String target) {
        // Microseconds; 0 or less when the container does not say (then frames are capped at now).
        Duration length = Duration.ofNanos(Math.max(0, grabber.getLengthInTime()) * 1000);
        return recordingStart(grabber.getMetadata("creation_time"), modified(target), length, Instant.now());
    }

    private static Instant modified(String target) {
        try {
            Path file = Path.of(target);
            return Files.isRegularFile(file) ? Files.getLastModifiedTime(file).toInstant() : null;
        } catch (IOException | RuntimeException e) {
            // A URL or device name is not a path: it has no modification time.
            return null;
        }
    }

    @Override
    public VideoFrame read() throws FrameGrabber.Exception, IOException {
        Frame frame = grabber.grabImage();
        if (frame == null || frame.image == null) {
            checkComplete();
            return null;
        }
        Mat shared = converter.convert(frame);
        // The grabber reuses its buffer for the next frame; the pipeline needs its own copy.
        Mat own = shared.clone();
        Instant now = Instant.now();
        Instant time = wallClock ? now : min(start.plusNanos(Math.max(0, frame.timestamp) * 1000), now);
        return new VideoFrame(own, index++, time, name);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /**
     * A file whose index sits at the front (MP4 written for streaming, Matroska) still opens when
     * its end is cut off, and FFmpeg then reports the missing frames as a plain end of file: only
     * the frame count the header announces tells a truncated file from a short one.
     */
    private void checkComplete() throws IOException {
        if (wallClock) {
            return; // Streams and cameras announce no length.
        }
        long announced = grabber.getLengthInFrames();
        // Counts derived from the duration (no frame index) can be off by a frame or two.
        if (announced > 0 && index < announced - Math.max(2, announced / 50)) {
            throw new IOException("the video ends, but its header announces " + announced + " frames");
        }
    }

    /** A file's nominal rate where it has a plausible one ({@link NominalFrameRate}), else the average. */
    @Override
    public double frameRate() {
        double average = grabber.getFrameRate();
        double rate = wallClock ? average : NominalFrameRate.of(grabber, average);
        return Double.isFinite(rate) && rate > 0 && rate < 1000 ? rate : 0;
    }

    @Override
    public void close() {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception e) {
            log.debug("closing {}: {}", name, e.toString());
        }
        converter.close();
    }
}
