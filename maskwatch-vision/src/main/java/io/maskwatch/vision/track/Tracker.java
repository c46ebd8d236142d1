package io.maskwatch.vision.track;

import io.maskwatch.vision.config.TrackingConfig;
import io.maskwatch.vision.detect.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Gives each person an id across frames. Each track predicts where its face moves (constant
 * velocity); detections are matched to predictions greedily by overlap (IoU), then, for small or
 * fast faces that overlap too little, by centre distance. A track survives {@code
 * max_missed_frames} frames without a detection, so a missed detection or two does not split a
 * person into two tracks (and two events).
 */
public final class Tracker {
    /**
     * A detection whose centre is within this many face widths of a prediction may continue it:
     * a small, fast face (a cyclist far away) moves most of its width from frame to frame.
     */
    private static final float CENTER_MATCH = 1.0f;

    private final double iouThreshold;
    private final int maxMissed;
    private final int voteWindow;
    private final double noMaskThreshold;
    private final LongSupplier ids;
    private final List<Track> tracks = new ArrayList<>();
    private final List<Track> ended = new ArrayList<>();

    /**
     * @param noMaskThreshold the classifier's no-mask threshold (for the tracks' votes)
     * @param ids source of track ids (shared by the sources of one process, so ids stay unique)
     */
    public Tracker(TrackingConfig config, double noMaskThreshold, LongSupplier ids) {
        this.iouThreshold = config.iouThreshold();
        this.maxMissed = config.maxMissedFrames();
        this.voteWindow = config.voteWindow();
        this.noMaskThreshold = noMaskThreshold;
        this.ids = ids;
    }

    /** Matches a frame's detections to the tracks; returns the faces of the frame with their tracks. */
    public List<TrackedFace> update(List<Detection> detections) {
        ended.clear();
        List<Candidate> candidates = candidates(detections);
        candidates.sort(Comparator.comparingDouble(Candidate::cost));
        boolean[] trackTaken = new boolean[tracks.size()];
        boolean[] detectionTaken = new boolean[detections.size()];
        List<TrackedFace> faces = new ArrayList<>(detections.size());
        for (Candidate c : candidates) {
            if (!trackTaken[c.track] && !detectionTaken[c.detection]) {
                trackTaken[c.track] = true;
                detectionTaken[c.detection] = true;
                Track track = tracks.get(c.track);
                track.matched(detections.get(c.detection));
                faces.add(new TrackedFace(track, track.box(), true));
            }
        }
        List<Track> kept = new ArrayList<>(tracks.size());
        for (int t = 0; t < tracks.size(); t++) {
            Track track = tracks.get(t);
            if (!trackTaken[t]) {
                track.missedDetection();
            }
            if (track.missed() > maxMissed) {
                ended.add(track);
            } else {
                kept.add(track);
            }
        }
        for (int d = 0; d < detections.size(); d++) {
            if (!detectionTaken[d]) {
                Track track = new Track(ids.getAsLong(), detections.get(d), new MaskVotes(voteWindow, noMaskThreshold));
                kept.add(track);
                faces.add(new TrackedFace(track, track.box(), true));
            }
        }
        tracks.clear();
        tracks.addAll(kept);
        return faces;
    }

    /**
     * A frame analysed without detection (detection runs every n-th frame): tracks move as
     * predicted; those seen at the last detection are reported at their predicted boxes.
     */
    public List<TrackedFace> coast() {
        ended.clear();
        List<TrackedFace> faces = new ArrayList<>();
        for (Track track : tracks) {
            track.step();
            if (track.missed() == 0) {
                faces.add(new TrackedFace(track, track.box(), false));
            }
        }
        return faces;
    }

    /** Tracks that ended in the last update (gone for longer than {@code max_missed_frames}). */
    public List<Track> ended() {
        return List.copyOf(ended);
    }

    /** Ends every track (end of the input, or the next still image). */
    public List<Track> endAll() {
        List<Track> all = List.copyOf(tracks);
        tracks.clear();
        ended.clear();
        return all;
    }

    public List<Track> active() {
        return List.copyOf(tracks);
    }

    private List<Candidate> candidates(List<Detection> detections) {
        List<Candidate> out = new ArrayList<>();
        for (int t = 0; t < tracks.size(); t++) {
            Detection predicted = tracks.get(t).predicted();
            float size = Math.max(predicted.width(), predicted.height());
            for (int d = 0; d < detections.size(); d++) {
                Detection detection = detections.get(d);
                float iou = Detection.iou(predicted, detection);
                if (iou >= iouThreshold) {
                    out.add(new Candidate(t, d, 1 - iou));
                    continue;
                }
                float distance = (float) Math.hypot(
                        detection.centerX() - predicted.centerX(), detection.centerY() - predicted.centerY());
                float ratio = Math.max(detection.width(), detection.height()) / Math.max(1f, size);
                if (distance < CENTER_MATCH * size && ratio > 0.6f && ratio < 1.7f) {
                    // Ranked after every overlap match: costs 1..2 against 0..1 for IoU matches.
                    out.add(new Candidate(t, d, 1 + distance / size));
                }
            }
        }
        return out;
    }

    private record Candidate(int track, int detection, double cost) {}
}
