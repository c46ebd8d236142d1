package io.maskwatch.server.web.alerts;

import java.util.List;

/** Everything the alert page shows about one alert. */
public record AlertDetail(
        AlertSummary alert,
        Long trackId,
        Box box,
        Image image,
        Device device,
        Model faceModel,
        Model maskModel,
        String reviewedBy,
        String reviewedAt,
        List<Delivery> deliveries) {

    /** The face's box in the frame's pixels; null for events of the seed's devices. */
    public record Box(int x1, int y1, int x2, int y2) {}

    /**
     * The face crop's facts.
     *
     * @param url where the picture is; null when there is none
     * @param deletedAt when retention ({@code retention.image_days}) deleted the picture; null while it is there
     */
    public record Image(String format, Integer width, Integer height, String url, String deletedAt) {}

    public record Device(String id, String type, Float latitude, Float longitude) {}

    public record Model(String id, String name, float threshold) {}

    /**
     * One recipient's email about this alert.
     *
     * @param status {@code pending}, {@code held} (flood control, goes in a digest), {@code sent} or {@code failed}
     * @param emailKind {@code alert} or {@code digest} once sent
     */
    public record Delivery(
            String recipient, String status, String createdAt, String sentAt, String emailKind, String failure) {}
}
