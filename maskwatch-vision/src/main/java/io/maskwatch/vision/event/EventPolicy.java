package io.maskwatch.vision.event;

import io.maskwatch.classifier.FaceCrop;
import io.maskwatch.vision.config.TrackingConfig;
import io.maskwatch.vision.detect.Detection;
import io.maskwatch.vision.track.MaskLabel;
import io.maskwatch.vision.track.Track;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Decides when a track raises an event and which picture it carries. A track is decided once its
 * vote says "no mask" with at least {@code min_no_mask_frames} no-mask classifications. The event
 * is written when the track ends, or {@code evidence_wait_seconds} (frame time) after the decision
 * if the person is still there, and carries the best no-mask crop seen up to then: the first
 * crop reaching the evidence minimums ({@code evidence_min_face}, {@code evidence_min_sharpness})
 * beats any below them, and among equals the larger and sharper one wins. A decided track whose
 * crops never reach the minimums still raises its event, marked low-evidence: stored and counted,
 * never sent. So does one whose best crop fails the {@link SecondLook} (the detector, run again on
 * the crop alone, scores no face in it at {@code evidence_min_face_score}): an event rests only on
 * a face. The same track raises nothing else for {@code cooldown_seconds}: one event per
 * person and visit. With {@code blur_bystanders}, the other faces in the crop are blurred
 * ({@link BystanderBlur}) just before it is encoded: the evidence checks and the sharpness an event
 * carries judge the crop as it was cut, so the blur never changes which events are raised or sent.
 */
public final class EventPolicy {
    private final String source;
    private final EventSink sink;
    private final TrackingConfig config;
    private final int minNoMaskFrames;
    private final Duration wait;
    private final Duration cooldown;
    private final EvidenceCheck evidence;
    private final EventIds ids;
    private final Map<Long, TrackEvents> states = new HashMap<>();
    private long events;
    private long lowEvidenceEvents;

    /**
     * @param stills still images: each face is its own visit, decided on its single classification
     */
    public EventPolicy(TrackingConfig config, String source, EventSink sink, boolean stills) {
        this(config, source, sink, stills, null, EventIds.random());
    }

    /**
     * @param secondLook checks each event's crop once more for a face (null: not checked)
     * @param ids names the events (derived from the input for a file, so a rerun names them alike)
     */
    public EventPolicy(
            TrackingConfig config, String source, EventSink sink, boolean stills, SecondLook secondLook, EventIds ids) {
        this.evidence = new EvidenceCheck(config, secondLook);
        this.ids = ids;
        this.source = source;
        this.sink = sink;
        this.config = config;
        this.minNoMaskFrames = stills ? 1 : config.minNoMaskFrames();
        this.wait = stills ? Duration.ZERO : seconds(config.evidenceWaitSeconds());
        this.cooldown = seconds(config.cooldownSeconds());
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** Takes one classification of a track (already added to its votes). */
    public void classified(Track track, Sighting sighting) {
        TrackEvents state = states.computeIfAbsent(track.id(), id -> new TrackEvents());
        Instant time = sighting.time();
        boolean cooled = state.lastEvent == null || !time.isBefore(state.lastEvent.plus(cooldown));
        if (sighting.noMaskVote() && cooled) {
            state.offer(sighting, config);
        }
        boolean decided = track.label() == MaskLabel.NO_MASK && track.votes().noMaskVotes() >= minNoMaskFrames;
        if (decided && cooled && state.decidedAt == null) {
            state.decidedAt = time;
        }
    }

    /**
     * Writes the events of the tracks that ended, and those decided at least {@code
     * evidence_wait_seconds} before {@code frameTime} (the time of the frame just analysed).
     */
    public void frameDone(Instant frameTime, List<Track> ended) {
        for (Track track : ended) {
            TrackEvents state = states.remove(track.id());
            if (state != null) {
                if (state.decidedAt != null) {
                    emit(track.id(), state);
                }
                state.release();
            }
        }
        for (Map.Entry<Long, TrackEvents> entry : states.entrySet()) {
            TrackEvents state = entry.getValue();
            if (state.decidedAt != null && !frameTime.isBefore(state.decidedAt.plus(wait))) {
                emit(entry.getKey(), state);
            }
        }
    }

    /** End of the input: pending events are written, all state released. */
    public void finish() {
        for (Iterator<Map.Entry<Long, TrackEvents>> it = states.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, TrackEvents> entry = it.next();
            if (entry.getValue().decidedAt != null) {
                emit(entry.getKey(), entry.getValue());
            }
            entry.getValue().release();
            it.remove();
        }
    }

    /** Events written, low-evidence ones included. */
    public long events() {
        return events;
    }

    /** Events written whose best crop never reached the evidence minimums (stored, not sent). */
    public long lowEvidenceEvents() {
        return lowEvidenceEvents;
    }

    private void emit(long trackId, TrackEvents state) {
        Candidate best = state.best;
        state.decidedAt = null;
        if (best == null) {
            return;
        }
        boolean lowEvidence = !evidence.passes(best.crop, best.quality);
        BystanderBlur.blur(best.crop, best.region, best.box, best.bystanders);
        byte[] jpeg = FaceImages.jpeg(best.crop);
        sink.event(new FaceEvent(
                ids.of(best.frameNumber, best.box),
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
                jpeg,
                best.quality.sharpness(),
                lowEvidence));
        events++;
        if (lowEvidence) {
            lowEvidenceEvents++;
        }
        state.lastEvent = best.time;
        state.release();
    }

    /**
     * The best no-mask view of a face so far.
     *
     * @param region where {@code crop} was cut from the frame
     * @param bystanders the other faces of the frame that reach into the crop, to blur (empty when
     *     {@code blur_bystanders} is off)
     */
    private record Candidate(
            Mat crop,
            FaceCrop region,
            Detection box,
            List<Detection> bystanders,
            long frameNumber,
            Instant time,
            float probability,
            CropQuality quality) {

        /** A judgeable crop beats one below the minimums; among equals the larger and sharper one. */
        boolean worseThan(CropQuality other, TrackingConfig config) {
            boolean judgeable = quality.judgeable(config);
            boolean otherJudgeable = other.judgeable(config);
            if (judgeable != otherJudgeable) {
                return otherJudgeable;
            }
            return other.rank() > quality.rank();
        }
    }

    /** Event bookkeeping of one track. */
    private static final class TrackEvents {
        Candidate best;
        /** Frame time at which the pending event was decided; null while none is pending. */
        Instant decidedAt;

        Instant lastEvent;

        void offer(Sighting s, TrackingConfig config) {
            FaceCrop crop = s.crop();
            try (Rect rect = new Rect(crop.x1(), crop.y1(), crop.width(), crop.height());
                    Mat region = new Mat(s.image(), rect)) {
                CropQuality quality = CropQuality.of(region, s.box());
                if (best == null || best.worseThan(quality, config)) {
                    release();
                    List<Detection> bystanders = config.blurBystanders()
                            ? BystanderBlur.bystanders(s.box(), crop, s.frameFaces())
                            : List.of();
                    best = new Candidate(
                            region.clone(),
                            crop,
                            s.box(),
                            bystanders,
                            s.frameNumber(),
                            s.time(),
                            s.noMaskProbability(),
                            quality);
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
