package io.maskwatch.edge.dispatch;

import com.google.protobuf.ByteString;
import io.maskwatch.edge.store.DeviceInfo;
import io.maskwatch.edge.store.ModelInfo;
import io.maskwatch.edge.store.StoredEvent;
import io.maskwatch.vision.event.FaceEvent;
import io.maskwatch.wire.proto.Alert;

/**
 * Turns a stored event into the wire message: the seed's fields with their numbers, plus the
 * event UUID, source, track and face box. {@code created_by.enrolled_on} carries the device's
 * enrolment time (the seed's dispatcher put the deployment time there by mistake).
 */
final class AlertEncoder {
    private final String fallbackEnrolledOn;

    /** {@code fallbackEnrolledOn}: from the configuration, for rows written without one. */
    AlertEncoder(String fallbackEnrolledOn) {
        this.fallbackEnrolledOn = fallbackEnrolledOn == null ? "" : fallbackEnrolledOn;
    }

    Alert encode(StoredEvent stored) {
        FaceEvent event = stored.event();
        DeviceInfo device = stored.origin().device();
        String enrolledOn =
                device.enrolledOn() == null || device.enrolledOn().isEmpty() ? fallbackEnrolledOn : device.enrolledOn();
        return Alert.newBuilder()
                .setEventTime(event.time().toString())
                .setCreatedBy(Alert.Device.newBuilder()
                        .setType(device.type())
                        .setGuid(device.guid())
                        .setEnrolledOn(enrolledOn))
                .setLocation(Alert.Location.newBuilder()
                        .setLongitude((float) device.longitude())
                        .setLatitude((float) device.latitude()))
                .setFaceDetectionModel(model(stored.origin().faceModel()))
                .setMaskClassifierModel(model(stored.origin().maskModel()))
                .setProbability((float) event.probability())
                .setImage(Alert.Image.newBuilder()
                        .setFormat(event.imageFormat())
                        .setSize(Alert.Image.Size.newBuilder()
                                .setWidth(event.imageWidth())
                                .setHeight(event.imageHeight()))
                        .setData(ByteString.copyFrom(event.image())))
                .setEventId(event.eventId().toString())
                .setSource(event.source())
                .setTrackId(event.trackId())
                .setFaceBox(Alert.Box.newBuilder()
                        .setX1(event.x1())
                        .setY1(event.y1())
                        .setX2(event.x2())
                        .setY2(event.y2()))
                .build();
    }

    private static Alert.Model model(ModelInfo model) {
        return Alert.Model.newBuilder()
                .setName(model.name())
                .setGuid(model.guid())
                .setThreshold((float) model.threshold())
                .build();
    }
}
