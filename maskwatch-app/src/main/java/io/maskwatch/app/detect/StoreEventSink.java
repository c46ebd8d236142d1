package io.maskwatch.app.detect;

import io.maskwatch.core.config.EdgeConfig;
import io.maskwatch.edge.store.DeviceInfo;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.FaceBox;
import io.maskwatch.edge.store.ModelInfo;
import io.maskwatch.edge.store.NewEvent;
import io.maskwatch.vision.event.ComplianceCount;
import io.maskwatch.vision.event.EventSink;
import io.maskwatch.vision.event.FaceEvent;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The pipeline's events in the device's SQLite store, with the device and model fields the
 * configuration gives (the seed's {@code alert} columns). One {@link EventStore#append} is one
 * transaction: an event is stored whole or not at all. Low-evidence events are stored marked so,
 * which keeps them from the dispatcher.
 */
public final class StoreEventSink implements EventSink {
    private final EventStore store;
    private final DeviceInfo device;
    private final ModelInfo faceModel;
    private final ModelInfo maskModel;

    StoreEventSink(EventStore store, DeviceInfo device, ModelInfo faceModel, ModelInfo maskModel) {
        this.store = store;
        this.device = device;
        this.faceModel = faceModel;
        this.maskModel = maskModel;
    }

    /**
     * Writes into {@code store} (left open: its owner closes it) with the event fields from the
     * configuration and the models in use.
     */
    public static StoreEventSink over(EventStore store, DetectionSession session) {
        EdgeConfig c = session.config();
        DeviceInfo device = new DeviceInfo(
                c.device().type(),
                c.device().guid(),
                c.device().enrolledOn(),
                c.deployment().deployedOn(),
                c.deployment().longitude(),
                c.deployment().latitude());
        String faceName = session.detector().modelName();
        ModelInfo face = new ModelInfo(
                faceName,
                guidOr(c.faceDetection().guid(), faceName),
                c.faceDetection().threshold());
        String maskName = session.classifierManifest().id();
        ModelInfo mask = new ModelInfo(maskName, guidOr(c.maskClassifier().guid(), maskName), session.threshold());
        return new StoreEventSink(store, device, face, mask);
    }

    /** The configured id, else one derived from the model's name (stable across runs). */
    private static String guidOr(String configured, String modelName) {
        return configured != null
                ? configured
                : UUID.nameUUIDFromBytes(modelName.getBytes(StandardCharsets.UTF_8))
                        .toString();
    }

    @Override
    public void event(FaceEvent e) {
        store.append(new NewEvent(
                e.eventId(),
                e.time(),
                e.source(),
                e.trackId(),
                new FaceBox(e.x1(), e.y1(), e.x2(), e.y2()),
                device,
                faceModel,
                maskModel,
                e.probability(),
                e.imageFormat(),
                e.imageWidth(),
                e.imageHeight(),
                e.image(),
                e.lowEvidence()));
    }

    @Override
    public void compliance(ComplianceCount count) {
        store.addCompliance(count.source(), count.minute(), count.withMask(), count.withoutMask());
    }

    @Override
    public void close() {
        // The store belongs to the command (the dispatcher may still be using it).
    }
}
