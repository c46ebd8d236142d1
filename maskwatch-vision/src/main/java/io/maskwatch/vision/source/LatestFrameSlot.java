package io.maskwatch.vision.source;

/**
 * Holds the newest frame of a live source. A frame not taken before the next one arrives is
 * released and counted as dropped: a live view is worth more current than complete.
 */
final class LatestFrameSlot {
    private VideoFrame frame;
    private boolean ended;

    /** Offers a frame; returns true when it replaced one the pipeline never took. After the end it is released. */
    synchronized boolean put(VideoFrame newer) {
        if (ended) {
            // The source was stopped while its reader was in a read: nobody takes frames any more.
            newer.close();
            return false;
        }
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
