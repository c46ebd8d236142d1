package io.maskwatch.classifier;

import java.nio.FloatBuffer;

/** Decides mask / no mask for a batch of face crops. */
public interface MaskClassifier extends AutoCloseable {

    /** How inputs must be prepared (size, normalisation, crop margin) and what outputs mean. */
    ModelManifest manifest();

    /**
     * Classifies {@code count} faces in one call.
     *
     * @param nchw {@code count x 3 x S x S} floats, RGB, normalised as {@link FaceTensors} does
     * @return the no-mask probability of each face, in input order
     */
    float[] noMaskProbabilities(FloatBuffer nchw, int count);

    @Override
    void close();
}
