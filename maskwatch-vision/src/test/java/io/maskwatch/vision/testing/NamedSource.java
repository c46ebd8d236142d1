package io.maskwatch.vision.testing;

import io.maskwatch.vision.source.FrameSource;
import io.maskwatch.vision.source.SourceStats;
import io.maskwatch.vision.source.VideoFrame;

/**
 * A source that only has a name and a kind, for outputs that ask nothing else of it; the test
 * offers the frames to them itself.
 */
public record NamedSource(String name, boolean stills) implements FrameSource {
    @Override
    public VideoFrame next() {
        return null;
    }

    @Override
    public double frameRate() {
        return 25;
    }

    @Override
    public SourceStats stats() {
        return new SourceStats();
    }

    @Override
    public void close() {}
}
