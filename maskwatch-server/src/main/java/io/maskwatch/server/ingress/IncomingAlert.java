package io.maskwatch.server.ingress;

import java.time.Instant;
import java.util.UUID;

/**
 * One decoded, checked event ready for the archive. Optional parts (absent in the seed's
 * messages) are null: {@code enrolledOn}, {@code trackId}, {@code box}.
 */
public record IncomingAlert(
        UUID eventUuid,
        Instant eventTime,
        String deviceId,
        String deviceType,
        Instant enrolledOn,
        float longitude,
        float latitude,
        Model faceModel,
        Model maskModel,
        float probability,
        String imageFormat,
        int imageWidth,
        int imageHeight,
        byte[] imageData,
        String source,
        Long trackId,
        Box box) {

    public record Model(String guid, String name, float threshold) {}

    public record Box(int x1, int y1, int x2, int y2) {}
}
