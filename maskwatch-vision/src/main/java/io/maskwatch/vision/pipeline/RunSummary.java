package io.maskwatch.vision.pipeline;

import java.util.Locale;

/**
 * What one run did, for the closing summary line.
 *
 * @param classifications faces classified (each face is re-classified every few frames)
 * @param tooSmall faces below the size floor (counted, not classified)
 * @param events events written, low-evidence ones included
 * @param lowEvidenceEvents events whose crops never reached the evidence minimums (stored, not sent)
 * @param maxClassificationInterval the longest interval, in frames, between two classifications of a
 *     face that stayed detected and large enough in between (0: no face was classified twice)
 */
public record RunSummary(
        String source,
        long frames,
        long faces,
        long tooSmall,
        long classifications,
        long tracks,
        long events,
        long lowEvidenceEvents,
        long dropped,
        long skipped,
        long reconnects,
        long maxClassificationInterval,
        double seconds) {

    public double framesPerSecond() {
        return seconds > 0 ? frames / seconds : 0;
    }

    public RunSummary plus(RunSummary o) {
        return new RunSummary(
                source + ", " + o.source,
                frames + o.frames,
                faces + o.faces,
                tooSmall + o.tooSmall,
                classifications + o.classifications,
                tracks + o.tracks,
                events + o.events,
                lowEvidenceEvents + o.lowEvidenceEvents,
                dropped + o.dropped,
                skipped + o.skipped,
                reconnects + o.reconnects,
                Math.max(maxClassificationInterval, o.maxClassificationInterval),
                Math.max(seconds, o.seconds));
    }

    /** The same figures under another name (the total of several sources). */
    public RunSummary named(String name) {
        return new RunSummary(
                name,
                frames,
                faces,
                tooSmall,
                classifications,
                tracks,
                events,
                lowEvidenceEvents,
                dropped,
                skipped,
                reconnects,
                maxClassificationInterval,
                seconds);
    }

    /** The same run with the events the store took (the pipeline counts those it raised). */
    public RunSummary withEvents(long stored, long storedLowEvidence) {
        return new RunSummary(
                source,
                frames,
                faces,
                tooSmall,
                classifications,
                tracks,
                stored,
                storedLowEvidence,
                dropped,
                skipped,
                reconnects,
                maxClassificationInterval,
                seconds);
    }

    public String line() {
        return String.format(
                Locale.ROOT,
                "%s: %d frames, %d faces (%d too small), %d tracks, %d events stored (%d low-evidence, not sent), %.1f frames/s"
                        + " (%d dropped, %d skipped, %d reconnects)",
                source,
                frames,
                faces,
                tooSmall,
                tracks,
                events,
                lowEvidenceEvents,
                framesPerSecond(),
                dropped,
                skipped,
                reconnects);
    }
}
