package io.maskwatch.edge.dispatch;

import com.google.protobuf.ByteString;
import io.maskwatch.core.proto.Alert;
import io.maskwatch.edge.store.ModelInfo;
import io.maskwatch.edge.store.NewEvent;

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

    Alert encode(NewEvent event) {
        String enrolledOn = event.device().enrolledOn() == null
                        || event.device().enrolledOn().isEmpty()
                ? fallbackEnrolledOn
                : event.device().enrolledOn();
        return Alert.newBuilder()
                .setEventTime(event.eventTime().toString())
                .setCreatedBy(Alert.Device.newBuilder()
                        .setType(event.device().type())
                        .setGuid(event.device().guid())
                        .setEnrolledOn(enrolledOn))
                .setLocation(Alert.Location.newBuilder()
                        .setLongitude((float) event.device().longitude())
                        .setLatitude((float) event.device().latitude()))
                .setFaceDetectionModel(model(event.faceModel()))
                .setMaskClassifierModel(model(event.maskModel()))
                .setProbability((float) event.probability())
                .setImage(Alert.Image.newBuilder()
                        .setFormat(event.imageFormat())
                        .setSize(Alert.Image.Size.newBuilder()
                                .setWidth(event.imageWidth())
                                .setHeight(event.imageHeight()))
                        .setData(ByteString.copyFrom(event.imageData())))
                .setEventId(event.eventId().toString())
                .setSource(event.source())
                .setTrackId(event.trackId())
                .setFaceBox(Alert.Box.newBuilder()
                        .setX1(event.box().x1())
                        .setY1(event.box().y1())
                        .setX2(event.box().x2())
                        .setY2(event.box().y2()))
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
