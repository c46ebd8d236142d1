package io.maskwatch.app.classifier;

import io.maskwatch.app.UserError;
import io.maskwatch.classifier.data.FaceFinder;
import io.maskwatch.vision.config.DetectionConfig;
import io.maskwatch.vision.config.FaceDetectionConfig;
import io.maskwatch.vision.detect.DetectorFaceFinder;
import io.maskwatch.vision.detect.FaceDetectors;
import io.maskwatch.vision.detect.ModelDirectories;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * How {@code train} and {@code evaluate} find the face in the pictures of class folders: with
 * the production face detector (default), so the classifier learns and is judged on the square
 * face crops it gets from cameras, or not at all ({@code --whole-pictures}).
 */
public final class FaceFinderOptions {
    /** Smallest face the Haar cascade searches for, should it be the detector (pixels). */
    private static final int HAAR_MIN_FACE = 12;

    @Option(
            names = "--detector",
            paramLabel = "MODEL",
            defaultValue = "yunet",
            description = "Face detector that finds the face in class-folder pictures, as detect does: yunet, ssd,"
                    + " haar or a model file (default: ${DEFAULT-VALUE}; looked up like detect's).")
    String detector;

    @Option(
            names = "--whole-pictures",
            description = "Use class-folder pictures whole instead of cutting out the face the detector finds.")
    boolean wholePictures;

    @Option(
            names = "--image-scale",
            description = "Class-folder pictures are enlarged by this before the detector looks for the face"
                    + " (default: train 1; evaluate the model's own, as its training pictures were searched;"
                    + " detect enlarges still images by detection.image_scale, 2).")
    Double givenImageScale;

    /**
     * The finder to use; close it when done (it may hold a native detector).
     *
     * @param defaultImageScale the enlargement when no --image-scale is given
     */
    public FaceFinder open(double defaultImageScale) {
        if (wholePictures) {
            return FaceFinder.WHOLE_PICTURES;
        }
        double imageScale = givenImageScale != null ? givenImageScale : defaultImageScale;
        if (!(imageScale >= DetectionConfig.MIN_IMAGE_SCALE && imageScale <= DetectionConfig.MAX_IMAGE_SCALE)) {
            throw new UserError(String.format(
                    Locale.ROOT,
                    "--image-scale must be between %s and %s (detect's detection.image_scale is %s), got %s",
                    DetectionConfig.MIN_IMAGE_SCALE,
                    DetectionConfig.MAX_IMAGE_SCALE,
                    DetectionConfig.DEFAULT_IMAGE_SCALE,
                    imageScale));
        }
        FaceDetectors.Choice choice = FaceDetectors.resolve(
                new FaceDetectionConfig(detector, null, null, FaceDetectionConfig.DEFAULT_THRESHOLD),
                new ModelDirectories(null),
                io.maskwatch.vision.detect.KnownModel.YUNET.url());
        return new DetectorFaceFinder(
                FaceDetectors.create(
                        choice,
                        FaceDetectionConfig.DEFAULT_THRESHOLD,
                        imageScale,
                        DetectionConfig.DEFAULT_IMAGE_MAX_SIDE,
                        HAAR_MIN_FACE),
                choice.kind().name().toLowerCase(Locale.ROOT) + " (" + choice.modelName() + ")"
                        + (imageScale == 1.0 ? "" : ", pictures enlarged x" + imageScale),
                imageScale);
    }
}
