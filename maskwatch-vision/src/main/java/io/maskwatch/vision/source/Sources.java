package io.maskwatch.vision.source;

import io.maskwatch.core.retry.RetryBackoff;
import io.maskwatch.vision.config.StreamConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.javacv.FrameGrabber;

/** Opens what a source URI names: a camera, a stream URL, a video file, an image or a folder. */
public final class Sources {
    /** Frames a file source decodes ahead of the pipeline (about 5 MB at 640x480). */
    private static final int READ_AHEAD = 6;

    private Sources() {}

    public static FrameSource open(String uri, String name, StreamConfig stream) {
        if (uri.matches("\\d+")) {
            return camera("/dev/video" + uri, name, stream);
        }
        if (uri.startsWith("/dev/video")) {
            return camera(uri, name, stream);
        }
        if (uri.matches("(?i)[a-z][a-z0-9+.-]*://.*") && !uri.regionMatches(true, 0, "file://", 0, 7)) {
            return stream(uri, name, stream);
        }
        Path path = Path.of(uri.regionMatches(true, 0, "file://", 0, 7) ? uri.substring(7) : uri);
        if (Files.isDirectory(path) || (Files.isRegularFile(path) && ImageFilesReader.isImage(path))) {
            return images(path, name);
        }
        if (Files.isRegularFile(path)) {
            return videoFile(path, name);
        }
        throw new SourceException(
                "source " + uri + " not found: no such file or folder; give a camera (/dev/video0 or 0),"
                        + " a stream URL (rtsp://, http://), a video file, an image or a folder of images");
    }

    static FrameSource videoFile(Path file, String name) {
        FrameReader reader;
        try {
            reader = FfmpegFrameReader.open(file.toString(), null, Map.of(), false, name);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new SourceException(
                    "video " + file + " cannot be read (" + e.getMessage()
                            + "); the file is corrupt, truncated or not a video",
                    e);
        }
        return FileFrameSource.start(reader, name, false, READ_AHEAD, new SourceStats(), replayKey(file));
    }

    /**
     * The file or folder's real path with its size and modification time: the same input read again
     * gives the same key, and a file replaced by another under the same name does not.
     */
    static String replayKey(Path fileOrFolder) {
        try {
            Path real = fileOrFolder.toRealPath();
            return real + "|" + Files.size(real) + "|"
                    + Files.getLastModifiedTime(real).toMillis();
        } catch (IOException e) {
            // Opened a moment ago; if it cannot be looked at now the name alone must do.
            return fileOrFolder.toAbsolutePath().normalize().toString();
        }
    }

    static FrameSource images(Path fileOrFolder, String name) {
        SourceStats stats = new SourceStats();
        try {
            ImageFilesReader reader = ImageFilesReader.open(fileOrFolder, stats);
            return FileFrameSource.start(reader, name, true, READ_AHEAD, stats, replayKey(fileOrFolder));
        } catch (IOException e) {
            throw new SourceException(
                    "folder " + fileOrFolder + " cannot be listed (" + e.getMessage()
                            + "); check that it exists and is readable",
                    e);
        }
    }

    static FrameSource camera(String device, String name, StreamConfig stream) {
        if (!Files.exists(Path.of(device))) {
            throw new SourceException("camera " + device + " not found (no such device); connect a camera, check"
                    + " 'ls /dev/video*', or give a video file or stream URL as the source");
        }
        Callable<FrameReader> opener = () -> FfmpegFrameReader.open(device, "video4linux2", Map.of(), true, name);
        return live(
                device,
                name,
                opener,
                stream,
                "camera " + device + " cannot be opened",
                "check that no other" + " program uses it and that this user may read it (group 'video')");
    }

    static FrameSource stream(String url, String name, StreamConfig stream) {
        Map<String, String> options = new LinkedHashMap<>();
        String micros = String.valueOf((long) (stream.openTimeoutSeconds() * 1_000_000));
        // Without these, a stream that stops sending blocks the reader forever.
        options.put("rw_timeout", micros);
        options.put("timeout", micros);
        if (url.regionMatches(true, 0, "rtsp", 0, 4)) {
            options.put("rtsp_transport", "tcp");
        }
        Callable<FrameReader> opener = () -> FfmpegFrameReader.open(url, null, options, true, name);
        return live(
                url,
                name,
                opener,
                stream,
                "stream " + url + " cannot be opened",
                "check the address, the" + " network and that the camera is streaming");
    }

    /**
     * A video file played as a live camera, for soak runs: paced at its frame rate, stamped with the
     * wall clock, and opened again at its end the way a dropped stream is reconnected, for ever.
     * Frames the pipeline cannot keep up with are dropped and counted, as on a camera.
     */
    public static FrameSource looped(Path file, String name) {
        Callable<FrameReader> opener =
                () -> new PacedFrameReader(FfmpegFrameReader.open(file.toString(), null, Map.of(), true, name));
        StreamConfig fastReopen = new StreamConfig(10, 0.01, 0.1, 0);
        return live(
                file.toString(),
                name,
                opener,
                fastReopen,
                "video " + file + " cannot be read",
                "the file is corrupt, truncated or not a video");
    }

    /** Opens a live input once (failing at once with advice), then hands it to a live source. */
    public static FrameSource live(
            String what, String name, Callable<FrameReader> opener, StreamConfig stream, String problem, String fix) {
        FrameReader first;
        try {
            first = opener.call();
        } catch (Exception e) {
            throw new SourceException(problem + " (" + e.getMessage() + "); " + fix, e);
        }
        RetryBackoff backoff = new RetryBackoff(
                Duration.ofMillis((long) (stream.reconnectInitialSeconds() * 1000)),
                Duration.ofMillis((long) (stream.reconnectMaxSeconds() * 1000)));
        return LiveFrameSource.start(name, first, opener, backoff, stream.reconnectMaxAttempts());
    }
}
