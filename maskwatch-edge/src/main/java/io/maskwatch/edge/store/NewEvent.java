package io.maskwatch.edge.store;

import java.time.Instant;
import java.util.UUID;

/**
 * One event (a person seen without a mask) to store: who saw it, with which models, how sure,
 * and the face crop. {@code eventTime} is when the face was seen; {@code eventId} is unique per
 * event and lets every later stage drop duplicates. A {@code lowEvidence} event's crop is below the
 * evidence minimums: it is stored (and counted) for the record but never dispatched, since nobody
 * receiving it could judge it.
 */
public record NewEvent(
        UUID eventId,
        Instant eventTime,
        String source,
        long trackId,
        FaceBox box,
        DeviceInfo device,
        ModelInfo faceModel,
        ModelInfo maskModel,
        double probability,
        String imageFormat,
        int imageWidth,
        int imageHeight,
        byte[] imageData,
        boolean lowEvidence) {}
