package io.maskwatch.vision.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.vision.event.FaceEvent;
import io.maskwatch.vision.pipeline.FrameListener;
import io.maskwatch.vision.pipeline.FrameResult;
import io.maskwatch.vision.source.VideoFrame;
import io.maskwatch.vision.testing.CollectingEventSink;
import io.maskwatch.vision.testing.NamedSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** The captions of the events sheet: what a person reads under each crop. */
class EventSheetTest {
    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

    private final CollectingEventSink stored = new CollectingEventSink();
    private final EventSheet sheet = new EventSheet(stored);

    private static FaceEvent event(String source, Instant time, boolean lowEvidence) {
        return new FaceEvent(
                UUID.randomUUID(),
                time,
                source,
                17,
                100,
                50,
                131,
                90,
                0.934,
                "jpeg",
                40,
                48,
                new byte[0],
                212.4,
                lowEvidence);
    }

    private static void firstFrame(FrameListener timeline, Instant time) {
        try (Mat image = new Mat()) {
            timeline.frame(new FrameResult(new VideoFrame(image, 0, time, "f"), List.of()));
        }
    }

    @Test
    void aVideoFilesEventIsShownAtItsPositionInTheVideoWithItsNumbersAndIsPassedOn() {
        firstFrame(sheet.timeline(new NamedSource("entrance.mp4", false)), START);
        FaceEvent e = event("entrance.mp4", START.plus(Duration.ofMillis(12_440)), false);
        sheet.event(e);

        assertThat(sheet.caption(3, e))
                .containsExactly("#3  track 17", "p 0.93  at 12.4 s", "31 px  sharp 212", "sent");
        assertThat(stored.events).containsExactly(e);
    }

    @Test
    void stillImagesAndSourcesWithoutTimelineShowUtcWallTimeAndLowEvidenceSaysSo() {
        firstFrame(sheet.timeline(new NamedSource("photos", true)), START);
        FaceEvent e = event("photos", START.plusSeconds(75), true);

        assertThat(sheet.caption(1, e))
                .containsExactly("#1  track 17", "p 0.93  10:01:15Z", "31 px  sharp 212", "LOW EVIDENCE");
    }
}
