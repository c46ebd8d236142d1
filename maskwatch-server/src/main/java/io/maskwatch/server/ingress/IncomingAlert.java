package io.maskwatch.server.ingress;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.UUID;

/**
 * One decoded, checked event ready for the archive. Optional parts (absent in the seed's
 * messages) are null: {@code enrolledOn}, {@code trackId}, {@code box}. The image shares the
 * bytes of the Kafka record it came in (no copy).
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
        ByteString imageData,
        String source,
        Long trackId,
        Box box) {

    public record Model(String guid, String name, float threshold) {}

    public record Box(int x1, int y1, int x2, int y2) {}
}
