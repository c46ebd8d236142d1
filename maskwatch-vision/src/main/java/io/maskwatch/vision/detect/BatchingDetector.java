package io.maskwatch.vision.detect;

import io.maskwatch.classifier.ProviderChoice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One YuNet in ONNX Runtime shared by the pipelines of several sources, so that frames whose
 * detection is due at the same moment go through the network as one batch ({@code
 * detection.batch}). There is no thread of its own and no waiting for company: a pipeline that
 * finds the detector idle runs every frame waiting then, its own and those of the sources that
 * came while the previous batch ran (grouped by size: a batch holds frames of one size); the
 * others wait for their faces. With one source it is the plain detector plus a lock.
 *
 * <p>YuNet's ONNX model declares a batch of 1, but its reshapes are {@code [1, -1, C]}: with the
 * batch dimension freed ({@link OnnxModelShapes}) a batch of N images gives N images' cells one
 * after the other, each image's faces exactly those it gets alone ({@code BatchingDetectorTest}).
 */
public final class BatchingDetector implements AutoCloseable {
    private final OnnxYuNetDetector detector;
    private final Object lock = new Object();
    private List<Request> pending = new ArrayList<>();
    private boolean busy;
    private long calls;
    private long frames;
    private int largest;

    /** @param detector closed with this */
    public BatchingDetector(OnnxYuNetDetector detector) {
        this.detector = detector;
    }

    /** A frame waiting for its faces. */
    private static final class Request {
        final Mat image;
        List<Detection> faces;
        RuntimeException failure;
        boolean done;

        Request(Mat image) {
            this.image = image;
        }
    }

    /** A source's detector; closing it leaves the shared one open. */
    public FaceDetector handle() {
        return new FaceDetector() {
            @Override
            public String name() {
                return detector.name();
            }

            @Override
            public List<Detection> detect(Mat bgr) {
                return BatchingDetector.this.detect(bgr);
            }

            @Override
            public ProviderChoice provider() {
                return detector.provider();
            }

            @Override
            public void close() {}
        };
    }

    List<Detection> detect(Mat bgr) {
        if (bgr.empty()) {
            return List.of();
        }
        Request mine = new Request(bgr);
        List<Request> batch;
        synchronized (lock) {
            pending.add(mine);
            boolean interrupted = false;
            while (busy && !mine.done) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the batch in flight ends in milliseconds; the caller sees the flag
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (!mine.done) {
                // Idle, and this frame not taken by the batch before: it runs with all that waits.
                busy = true;
                batch = pending;
                pending = new ArrayList<>();
            } else {
                batch = List.of();
            }
        }
        if (!batch.isEmpty()) {
            try {
                run(batch);
            } finally {
                synchronized (lock) {
                    busy = false;
                    lock.notifyAll();
                }
            }
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.faces;
    }

    private void run(List<Request> batch) {
        Map<List<Integer>, List<Request>> bySize = new LinkedHashMap<>();
        for (Request r : batch) {
            bySize.computeIfAbsent(List.of(r.image.cols(), r.image.rows()), size -> new ArrayList<>())
                    .add(r);
        }
        for (List<Request> group : bySize.values()) {
            try {
                List<List<Detection>> faces =
                        detector.detectAll(group.stream().map(r -> r.image).toList());
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).faces = faces.get(i);
                }
            } catch (RuntimeException e) {
                group.forEach(r -> r.failure = e);
            }
            synchronized (lock) {
                group.forEach(r -> r.done = true);
                calls++;
                frames += group.size();
                largest = Math.max(largest, group.size());
                lock.notifyAll();
            }
        }
    }

    /** E.g. {@code 1200 frames in 700 calls (largest batch 3)}. */
    public String summary() {
        synchronized (lock) {
            return frames + " frames in " + calls + " calls (largest batch " + largest + ")";
        }
    }

    /** The largest batch run so far. */
    public int largestBatch() {
        synchronized (lock) {
            return largest;
        }
    }

    @Override
    public void close() {
        detector.close();
    }
}
