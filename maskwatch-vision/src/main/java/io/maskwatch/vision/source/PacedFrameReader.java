package io.maskwatch.vision.source;

/**
 * Hands out a file's frames no faster than its frame rate, as a camera would: a file played as a
 * live source (see {@link Sources#looped}).
 */
final class PacedFrameReader implements FrameReader {
    private final FrameReader file;
    private final long frameNanos;
    private long start;
    private long frames;

    PacedFrameReader(FrameReader file) {
        this.file = file;
        double fps = file.frameRate() > 0 ? file.frameRate() : 25;
        this.frameNanos = Math.round(1e9 / fps);
    }

    @Override
    public VideoFrame read() throws Exception {
        if (start == 0) {
            start = System.nanoTime();
        }
        long due = start + frames * frameNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        frames++;
        return file.read();
    }

    @Override
    public double frameRate() {
        return file.frameRate();
    }

    @Override
    public void close() {
        file.close();
    }
}
