package io.maskwatch.vision.event;

import io.maskwatch.vision.config.TrackingConfig;
import io.maskwatch.vision.detect.Detection;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a crop is evidence a person can judge and that rests on a face: the face wide and sharp
 * enough ({@link CropQuality} against {@code tracking.evidence_min_face} and {@code
 * evidence_min_sharpness}) and, where a {@link SecondLook} is given, found again by the detector on
 * the crop alone at {@code evidence_min_face_score}. An event whose crop fails is low-evidence:
 * stored and counted, never sent. {@code evaluate --end-to-end} asks the same of each face, so
 * that it can say which no-mask labels would have become alerts.
 */
public final class EvidenceCheck {
    private static final Logger log = LoggerFactory.getLogger(EvidenceCheck.class);

    private final TrackingConfig config;
    private final SecondLook secondLook;

    /** @param secondLook the detector's second look, or null for none */
    public EvidenceCheck(TrackingConfig config, SecondLook secondLook) {
        this.config = config;
        this.secondLook = secondLook;
    }

    /** The crop {@code region} of a face detected at {@code box} is evidence to send. */
    public boolean passes(Mat region, Detection box) {
        return passes(region, CropQuality.of(region, box));
    }

    /** As {@link #passes(Mat, Detection)}, its quality already measured. */
    public boolean passes(Mat region, CropQuality quality) {
        return quality.judgeable(config) && passesSecondLook(region);
    }

    private boolean passesSecondLook(Mat crop) {
        if (secondLook == null || config.evidenceMinFaceScore() <= 0) {
            return true;
        }
        float score = secondLook.faceScore(crop);
        if (score < config.evidenceMinFaceScore()) {
            log.debug("crop failed the second look: face score {} < {}", score, config.evidenceMinFaceScore());
            return false;
        }
        return true;
    }
}
