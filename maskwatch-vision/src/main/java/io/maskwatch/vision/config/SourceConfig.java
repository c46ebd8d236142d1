package io.maskwatch.vision.config;

import io.maskwatch.core.config.ConfigSection;

/**
 * One entry of {@code sources}: what to watch.
 *
 * @param uri a camera ({@code /dev/video0} or an index such as {@code 0}), a stream URL ({@code
 *     rtsp://}, {@code http://}, ...), a video file, an image, or a folder of images
 * @param name how events and counts name the source; default: the uri
 */
public record SourceConfig(String uri, String name) {

    public static SourceConfig read(ConfigSection s) {
        String uri = s.string("uri", null);
        if (uri == null || uri.isBlank()) {
            throw s.error("uri", "missing; give a camera (/dev/video0), a stream URL, a video file or a folder");
        }
        SourceConfig c = new SourceConfig(uri, s.string("name", uri));
        s.rejectUnknownKeys();
        return c;
    }
}
