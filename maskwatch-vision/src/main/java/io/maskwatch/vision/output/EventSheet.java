package io.maskwatch.vision.output;

import io.maskwatch.vision.event.ComplianceCount;
import io.maskwatch.vision.event.EventSink;
import io.maskwatch.vision.event.FaceEvent;
import io.maskwatch.vision.pipeline.FrameListener;
import io.maskwatch.vision.pipeline.FrameResult;
import io.maskwatch.vision.source.FrameSource;
import io.maskwatch.vision.source.LiveFrameSource;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * The events of a run on one contact sheet ({@code detect --events-sheet}): every event's crop with
 * its number, track, no-mask probability, time, face width and sharpness, so a person can look at
 * what was raised before believing a count. Low-evidence events are on it too, in a grey frame and
 * captioned so; events to be sent have a red frame.
 *
 * <p>Sits in front of the real sink (it passes everything on) and keeps each event's JPEG until
 * {@link #write}. Times are video time (seconds from the first frame) for video files, and wall
 * time (UTC) for live sources and still images, whose frame time is the clock's or the file's.
 */
public final class EventSheet implements EventSink {
    /** A live source running for days would fill memory: the sheet shows the first this many events. */
    static final int MAX_TILES = 2000;

    static final int TILE_SIZE = 128;
    static final int COLUMNS = 8;
    static final Color SENT_FRAME = new Color(200, 30, 30);
    static final Color LOW_EVIDENCE_FRAME = new Color(150, 150, 150);
    private static final DateTimeFormatter WALL_TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final EventSink target;
    private final List<FaceEvent> events = new ArrayList<>();
    private final Map<String, Instant> videoStarts = new ConcurrentHashMap<>();
    private long seen;
    private long lowEvidence;

    public EventSheet(EventSink target) {
        this.target = target;
    }

    /**
     * A listener for {@code source}'s frames that notes when a video file starts, so its events are
     * shown at their position in the video; nothing for live sources and stills.
     */
    public FrameListener timeline(FrameSource source) {
        boolean videoFile = !source.stills() && !(source instanceof LiveFrameSource);
        return new FrameListener() {
            @Override
            public void frame(FrameResult result) {
                if (videoFile) {
                    videoStarts.putIfAbsent(source.name(), result.frame().time());
                }
            }

            @Override
            public void close() {
                // Nothing held.
            }
        };
    }

    @Override
    public void event(FaceEvent event) {
        target.event(event);
        synchronized (events) {
            seen++;
            if (event.lowEvidence()) {
                lowEvidence++;
            }
            if (events.size() < MAX_TILES) {
                events.add(event);
            }
        }
    }

    @Override
    public void compliance(ComplianceCount count) {
        target.compliance(count);
    }

    @Override
    public void close() {
        target.close();
    }

    /** Writes the sheet of the events so far to {@code png}. */
    public void write(Path png) throws IOException {
        List<FaceEvent> shown;
        String title;
        synchronized (events) {
            shown = List.copyOf(events);
            title = String.format(
                    Locale.ROOT,
                    "%d events, %d low-evidence (grey frame, not sent)%s",
                    seen,
                    lowEvidence,
                    seen > shown.size() ? "; the first " + shown.size() + " shown" : "");
        }
        List<ContactSheet.Tile> tiles = new ArrayList<>(shown.size());
        for (int i = 0; i < shown.size(); i++) {
            tiles.add(tile(i + 1, shown.get(i)));
        }
        new ContactSheet(TILE_SIZE, COLUMNS).write(png, title, tiles);
    }

    private ContactSheet.Tile tile(int number, FaceEvent e) throws IOException {
        BufferedImage crop = ImageIO.read(new ByteArrayInputStream(e.image()));
        if (crop == null) {
            throw new IOException("event " + e.eventId() + ": its " + e.imageFormat() + " crop cannot be decoded");
        }
        return new ContactSheet.Tile(crop, caption(number, e), e.lowEvidence() ? LOW_EVIDENCE_FRAME : SENT_FRAME);
    }

    /** The lines under event {@code number}'s crop. */
    List<String> caption(int number, FaceEvent e) {
        return List.of(
                String.format(Locale.ROOT, "#%d  track %d", number, e.trackId()),
                String.format(Locale.ROOT, "p %.2f  %s", e.probability(), time(e)),
                String.format(Locale.ROOT, "%d px  sharp %.0f", e.faceWidth(), e.sharpness()),
                e.lowEvidence() ? "LOW EVIDENCE" : "sent");
    }

    private String time(FaceEvent e) {
        Instant start = videoStarts.get(e.source());
        if (start == null) {
            return WALL_TIME.format(e.time());
        }
        Duration offset = Duration.between(start, e.time());
        return String.format(Locale.ROOT, "at %.1f s", offset.toMillis() / 1000.0);
    }
}
