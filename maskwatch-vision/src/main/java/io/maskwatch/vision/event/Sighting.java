package io.maskwatch.vision.event;

import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.vision.detect.Detection;
import java.time.Instant;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One classification of a tracked face, with what an event would need from it.
 *
 * @param frameNumber number of the analysed frame
 * @param image the whole frame (valid during the call only: crops are copied out)
 * @param crop the region the classifier saw (the event's picture)
 * @param noMaskVote whether this classification voted "no mask"
 * @param frameFaces every face the detector found in the frame, this one included (the others are
 *     blurred out of the event's crop when {@code tracking.blur_bystanders} says so)
 */
public record Sighting(
        long frameNumber,
        Instant time,
        Mat image,
        Detection box,
        FaceCrop crop,
        float noMaskProbability,
        boolean noMaskVote,
        List<Detection> frameFaces) {}
