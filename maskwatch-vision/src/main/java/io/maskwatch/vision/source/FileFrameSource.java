package io.maskwatch.vision.source;

import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files and folders: every frame is analysed. The reading thread decodes a few frames ahead and
 * waits when the pipeline is slower, so nothing is dropped.
 */
public final class FileFrameSource extends ReadingThreadSource {
    private static final Logger log = LoggerFactory.getLogger(FileFrameSource.class);

    private final FrameReader reader;
    private final BlockingQueue<VideoFrame> queue;
    private final boolean stills;
    private final String replayKey;
    private volatile boolean finished;

    private FileFrameSource(
            FrameReader reader, String name, boolean stills, int readAhead, SourceStats stats, String replayKey) {
        super(name, stats);
        this.reader = reader;
        this.stills = stills;
        this.queue = new ArrayBlockingQueue<>(readAhead);
        this.replayKey = replayKey;
    }

    /**
     * Starts decoding {@code reader} ahead; the source closes the reader when it ends.
     *
     * @param replayKey names the input and its version (see {@link FrameSource#replayKey()})
     */
    public static FileFrameSource start(
            FrameReader reader, String name, boolean stills, int readAhead, SourceStats stats, String replayKey) {
        FileFrameSource source = new FileFrameSource(reader, name, stills, readAhead, stats, replayKey);
        source.start();
        return source;
    }

    @Override
    public Optional<String> replayKey() {
        return Optional.of(replayKey);
    }

    @Override
    protected void readLoop() {
        try {
            for (VideoFrame frame; !stopped && (frame = timedRead(reader)) != null; ) {
                try {
                    queue.put(frame);
                } catch (InterruptedException e) {
                    frame.close();
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            // Closed while waiting for room in the queue.
        } catch (Exception e) {
            // Reported by the command at the end of the run, with the rest of what it read.
            log.debug("{}: reading stopped", name(), e);
            stats.damaged("read " + stats.decoded() + " frames, then: " + e.getMessage()
                    + " (the file is truncated or damaged; the frames before were analysed)");
        } finally {
            reader.close();
            ended();
            if (stopped) {
                // Stopped while a read was under way: what it put in the queue is nobody's now.
                discardPending();
            }
        }
    }

    @Override
    protected void ended() {
        finished = true;
    }

    @Override
    public VideoFrame next() throws InterruptedException {
        while (true) {
            // Checked before polling: once finished, every frame decoded is already in the queue.
            boolean done = finished;
            VideoFrame frame = queue.poll(20, TimeUnit.MILLISECONDS);
            if (frame != null) {
                return frame;
            }
            if (done) {
                return null;
            }
        }
    }

    @Override
    public double frameRate() {
        return reader.frameRate();
    }

    @Override
    public boolean stills() {
        return stills;
    }

    @Override
    protected void discardPending() {
        for (VideoFrame frame; (frame = queue.poll()) != null; ) {
            frame.close();
        }
    }
}
