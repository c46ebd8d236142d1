package io.maskwatch.edge.runtime;

import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.store.DeviceInfo;
import io.maskwatch.edge.store.EventOrigin;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.ModelInfo;
import io.maskwatch.vision.event.ComplianceCount;
import io.maskwatch.vision.event.EventSink;
import io.maskwatch.vision.event.FaceEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tracker's events in the device's SQLite store as they are, with who saw them (the device and
 * model fields the configuration gives: the seed's {@code alert} columns). One {@link EventStore#append} is one
 * transaction: an event is stored whole or not at all. Low-evidence events are stored marked so,
 * which keeps them from the dispatcher. An event whose id is already stored (a rerun of a file) is
 * not stored again, and is counted apart so the summary can say so. A file's per-minute counts
 * replace what is stored for the minute; a camera's add to it.
 */
public final class StoreEventSink implements EventSink {
    private final EventStore store;
    private final EventOrigin origin;
    private final Map<String, Stored> stored = new ConcurrentHashMap<>();

    StoreEventSink(EventStore store, EventOrigin origin) {
        this.store = store;
        this.origin = origin;
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
        String faceName = session.modelNames().faceModel();
        ModelInfo face = new ModelInfo(
                faceName,
                guidOr(c.faceDetection().guid(), faceName),
                c.faceDetection().threshold());
        String maskName = session.modelNames().maskModel();
        ModelInfo mask = new ModelInfo(maskName, guidOr(c.maskClassifier().guid(), maskName), session.threshold());
        return new StoreEventSink(store, new EventOrigin(device, face, mask));
    }

    /** The configured id, else one derived from the model's name (stable across runs). */
    private static String guidOr(String configured, String modelName) {
        return configured != null
                ? configured
                : UUID.nameUUIDFromBytes(modelName.getBytes(StandardCharsets.UTF_8))
                        .toString();
    }

    /** What became of the events of one source. */
    public record Stored(long events, long lowEvidence, long alreadyStored) {
        static final Stored NONE = new Stored(0, 0, 0);

        Stored plus(boolean isNew, boolean isLowEvidence) {
            return isNew
                    ? new Stored(events + 1, lowEvidence + (isLowEvidence ? 1 : 0), alreadyStored)
                    : new Stored(events, lowEvidence, alreadyStored + 1);
        }
    }

    /** Events stored, and recognised as already stored by an earlier run of the same file, of {@code source}. */
    public Stored stored(String source) {
        return stored.getOrDefault(source, Stored.NONE);
    }

    @Override
    public void event(FaceEvent e) {
        boolean isNew = store.append(e, origin).isPresent();
        stored.compute(
                e.source(), (source, before) -> (before == null ? Stored.NONE : before).plus(isNew, e.lowEvidence()));
    }

    @Override
    public void compliance(ComplianceCount count) {
        if (count.replaces()) {
            store.setCompliance(count.source(), count.minute(), count.withMask(), count.withoutMask());
        } else {
            store.addCompliance(count.source(), count.minute(), count.withMask(), count.withoutMask());
        }
    }

    @Override
    public void close() {
        // The store belongs to the command (the dispatcher may still be using it).
    }
}
