package io.maskwatch.vision.detect;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_dnn.blobFromImage;
import static org.bytedeco.opencv.global.opencv_dnn.readNet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_dnn.Net;

/**
 * OpenCV's ResNet-10 SSD face detector (the seed's detector), in its Caffe form
 * ({@code res10_300x300_ssd_iter_140000.caffemodel} + {@code deploy.prototxt}) or its TensorFlow
 * form ({@code opencv_face_detector_uint8.pb} + {@code opencv_face_detector.pbtxt}). It sees the
 * frame squeezed to 300x300, so it misses small faces; kept for parity with the seed.
 */
public final class SsdDetector implements FaceDetector {
    private static final int INPUT = 300;

    private final Net net;
    private final float threshold;
    private final Scalar mean = new Scalar(104.0, 177.0, 123.0, 0.0);
    private final Size inputSize = new Size(INPUT, INPUT);

    private SsdDetector(Net net, float threshold) {
        this.net = net;
        this.threshold = threshold;
    }

    /**
     * @param model the weights ({@code .caffemodel} or {@code .pb})
     * @param config the graph ({@code .prototxt} or {@code .pbtxt})
     */
    public static SsdDetector load(Path model, Path config, float threshold) {
        ModelFiles.requireReadable(model, "models.face_detection.model");
        ModelFiles.requireReadable(config, "models.face_detection.config");
        try {
            Net net = readNet(model.toString(), config.toString(), "");
            if (net == null || net.empty()) {
                throw new IllegalStateException("readNet returned an empty network");
            }
            return new SsdDetector(net, threshold);
        } catch (RuntimeException e) {
            throw new DetectorException(
                    "SSD face detector " + model + " with " + config + " cannot be loaded by OpenCV ("
                            + e.getMessage() + "); use the Caffe pair (.caffemodel + .prototxt) or the"
                            + " TensorFlow pair (.pb + .pbtxt) of OpenCV's res10 face detector",
                    e);
        }
    }

    @Override
    public String name() {
        return "ssd";
    }

    @Override
    public List<Detection> detect(Mat bgr) {
        List<Detection> out = new ArrayList<>();
        try (Mat blob = blobFromImage(bgr, 1.0, inputSize, mean, false, false, CV_32F)) {
            net.setInput(blob);
            try (Mat result = net.forward()) {
                // Shape 1 x 1 x N x 7: image id, class, score, x1, y1, x2, y2 (relative).
                int n = result.size(2);
                try (FloatIndexer values = result.createIndexer()) {
                    for (int i = 0; i < n; i++) {
                        float score = values.get(0, 0, i, 2);
                        if (score < threshold) {
                            continue;
                        }
                        int w = bgr.cols();
                        int h = bgr.rows();
                        Detection d = new Detection(
                                        values.get(0, 0, i, 3) * w,
                                        values.get(0, 0, i, 4) * h,
                                        values.get(0, 0, i, 5) * w,
                                        values.get(0, 0, i, 6) * h,
                                        score)
                                .clipped(w, h);
                        if (d.width() > 1 && d.height() > 1) {
                            out.add(d);
                        }
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        net.close();
        mean.close();
        inputSize.close();
    }
}
