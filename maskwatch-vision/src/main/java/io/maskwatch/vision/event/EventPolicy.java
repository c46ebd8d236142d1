package io.maskwatch.vision.event;

import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.core.config.TrackingConfig;
import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.track.MaskLabel;
import io.maskwatch.vision.track.Track;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Decides when a track raises an event and which picture it carries. A track is decided once its
 * vote says "no mask" with at least {@code min_no_mask_frames} no-mask classifications; the event
 * is then written {@code event_delay_frames} later (or when the track ends), with the best crop
 * seen so far, so it shows the clearest view of the face rather than the first. The same track
 * raises nothing else for {@code cooldown_seconds}: one event per person and visit.
 */
public final class EventPolicy {
    private final String source;
    private final EventSink sink;
    private final int minNoMaskFrames;
    private final int delayFrames;
    private final Duration cooldown;
    private final Map<Long, TrackEvents> states = new HashMap<>();
    private long events;

    /**
     * @param stills still images: each face is its own visit, decided on its single classification
     */
    public EventPolicy(TrackingConfig config, String source, EventSink sink, boolean stills) {
        this.source = source;
        this.sink = sink;
        this.minNoMaskFrames = stills ? 1 : config.minNoMaskFrames();
        this.delayFrames = stills ? 0 : config.eventDelayFrames();
        this.cooldown = Duration.ofMillis((long) (config.cooldownSeconds() * 1000));
    }

    /** Takes one classification of a track (already added to its votes). */
    public void classified(Track track, Sighting sighting) {
        TrackEvents state = states.computeIfAbsent(track.id(), id -> new TrackEvents());
        Instant time = sighting.time();
        boolean cooled = state.lastEvent == null || !time.isBefore(state.lastEvent.plus(cooldown));
        if (sighting.noMaskVote() && cooled) {
            state.offer(sighting);
        }
        boolean decided = track.label() == MaskLabel.NO_MASK && track.votes().noMaskVotes() >= minNoMaskFrames;
        if (decided && cooled && state.pendingSince < 0) {
            state.pendingSince = sighting.frameNumber();
        }
    }

    /** Writes the events that are due after frame {@code frameNumber}, and those of ended tracks. */
    public void frameDone(long frameNumber, List<Track> ended) {
        for (Track track : ended) {
            TrackEvents state = states.remove(track.id());
            if (state != null) {
                if (state.pendingSince >= 0) {
                    emit(track, state);
                }
                state.release();
            }
        }
        for (Map.Entry<Long, TrackEvents> entry : states.entrySet()) {
            TrackEvents state = entry.getValue();
            if (state.pendingSince >= 0 && frameNumber - state.pendingSince >= delayFrames) {
                emit(entry.getKey(), state);
            }
        }
    }

    /** End of the input: pending events are written, all state released. */
    public void finish() {
        for (Iterator<Map.Entry<Long, TrackEvents>> it = states.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, TrackEvents> entry = it.next();
            if (entry.getValue().pendingSince >= 0) {
                emit(entry.getKey(), entry.getValue());
            }
            entry.getValue().release();
            it.remove();
        }
    }

    public long events() {
        return events;
    }

    private void emit(Track track, TrackEvents state) {
        emit(track.id(), state);
    }

    private void emit(long trackId, TrackEvents state) {
        Candidate best = state.best;
        state.pendingSince = -1;
        if (best == null) {
            return;
        }
        byte[] jpeg = FaceImages.jpeg(best.crop);
        sink.event(new FaceEvent(
                UUID.randomUUID(),
                best.time,
                source,
                trackId,
                Math.round(best.box.x1()),
                Math.round(best.box.y1()),
                Math.round(best.box.x2()),
                Math.round(best.box.y2()),
                best.probability,
                "jpeg",
                best.crop.cols(),
                best.crop.rows(),
                jpeg));
        events++;
        state.lastEvent = best.time;
        state.release();
    }

    /** The best no-mask view of a face so far. */
    private record Candidate(Mat crop, Detection box, Instant time, float probability, double quality) {}

    /** Event bookkeeping of one track. */
    private static final class TrackEvents {
        Candidate best;
        long pendingSince = -1;
        Instant lastEvent;

        void offer(Sighting s) {
            FaceCrop crop = s.crop();
            try (Rect rect = new Rect(crop.x1(), crop.y1(), crop.width(), crop.height());
                    Mat region = new Mat(s.image(), rect)) {
                double quality = FaceImages.quality(region);
                if (best == null || quality > best.quality) {
                    release();
                    best = new Candidate(region.clone(), s.box(), s.time(), s.noMaskProbability(), quality);
                }
            }
        }

        void release() {
            if (best != null) {
                best.crop.close();
                best = null;
            }
        }
    }
}
