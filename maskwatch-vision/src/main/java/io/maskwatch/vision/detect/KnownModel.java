package io.maskwatch.vision.detect;

import java.net.URI;

/**
 * A detector model file MaskWatch knows how to fetch and check.
 *
 * @param sha256 lower-case hex digest the file must have
 */
public record KnownModel(String fileName, URI url, String sha256) {

    /** YuNet 2023mar, as OpenCV's model zoo publishes it. */
    public static final KnownModel YUNET = new KnownModel(
            "face_detection_yunet_2023mar.onnx",
            URI.create("https://github.com/opencv/opencv_zoo/raw/main/models/face_detection_yunet/"
                    + "face_detection_yunet_2023mar.onnx"),
            "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4");
}
