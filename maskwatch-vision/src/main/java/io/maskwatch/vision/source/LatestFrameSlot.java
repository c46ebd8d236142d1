package io.maskwatch.vision.source;

/**
 * Holds the newest frame of a live source. A frame not taken before the next one arrives is
 * released and counted as dropped: a live view is worth more current than complete.
 */
final class LatestFrameSlot {
    private VideoFrame frame;
    private boolean ended;

    /** Offers a frame; returns true when it replaced one the pipeline never took. */
    synchronized boolean put(VideoFrame newer) {
        VideoFrame older = frame;
        frame = newer;
        notifyAll();
        if (older != null) {
            older.close();
            return true;
        }
        return false;
    }

    /** Waits for a frame; {@code null} once the source has ended. */
    synchronized VideoFrame take() throws InterruptedException {
        while (frame == null && !ended) {
            wait();
        }
        VideoFrame taken = frame;
        frame = null;
        return taken;
    }

    synchronized void end() {
        ended = true;
        notifyAll();
    }

    synchronized void clear() {
        if (frame != null) {
            frame.close();
            frame = null;
        }
    }
}
