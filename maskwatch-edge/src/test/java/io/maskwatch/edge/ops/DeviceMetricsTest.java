package io.maskwatch.edge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.config.EdgeConfigLoader;
import io.maskwatch.edge.runtime.EdgeRuntime;
import io.maskwatch.testing.OperationsReference;
import io.maskwatch.testing.OpsClient;
import io.maskwatch.testing.PrometheusText;
import io.maskwatch.vision.config.SourceConfig;
import io.maskwatch.vision.pipeline.RunSummary;
import io.maskwatch.vision.pipeline.StageTimes;
import io.maskwatch.vision.testing.FaceSamples;
import io.maskwatch.vision.testing.Scene;
import io.maskwatch.vision.testing.StandInClassifier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real run of the device (YuNet from ../shared, a stand-in classifier, the SQLite store) on a
 * generated video of two unmasked people, then its {@code /metrics} fetched over HTTP and read
 * strictly: the counts are what the run did.
 */
@Timeout(300)
class DeviceMetricsTest {
    private static final int FRAMES = 150;

    @TempDir
    Path dir;

    @Test
    void afterARunTheMetricsShowItsFramesFacesStagesAndEventsAsTheStoreHoldsThem() throws Exception {
        List<Mat> faces = FaceSamples.detectable("without_mask", 2, 110);
        Path video = Scene.write(
                dir.resolve("entrance.mp4"),
                FRAMES,
                List.of(
                        Scene.Actor.still(faces.get(0), 0, 60, 100, 100),
                        Scene.Actor.still(faces.get(1), 75, FRAMES, 400, 120)));
        Path model = StandInClassifier.constant(dir.resolve("no-mask"), 0.93f);
        Path store = dir.resolve("events.db");
        int port = OpsClient.freePort();
        EdgeConfig config = EdgeConfigLoader.load(
                        null,
                        Map.of(
                                "models.face_detection.model",
                                        FaceSamples.yunetModel().toString(),
                                "models.mask_classifier.model", model.toString(),
                                "store.path", store.toString(),
                                "ops.port", String.valueOf(port)),
                        name -> null)
                .withSources(List.of(new SourceConfig(video.toString(), "entrance")));

        try (EdgeRuntime device = new EdgeRuntime(config, false)) {
            EdgeRuntime.Outcome outcome =
                    device.run(device.openSources(), new EdgeRuntime.Hooks() {}, new StageTimes());
            RunSummary run = outcome.summaries().get(0);
            long rows = count(store, "SELECT count(*) FROM alert");
            long lowEvidence = count(store, "SELECT count(*) FROM alert WHERE low_evidence = 1");

            PrometheusText metrics = OpsClient.onLocalPort(port).metrics();

            assertThat(run.frames()).isEqualTo(FRAMES);
            assertThat(metrics.value("maskwatch_frames_total", "source", "entrance"))
                    .isEqualTo(FRAMES);
            assertThat(metrics.value("maskwatch_faces_detected_total", "source", "entrance"))
                    .isEqualTo(run.faces())
                    .isPositive();
            assertThat(metrics.value("maskwatch_faces_classified_total", "source", "entrance"))
                    .isEqualTo(run.classifications())
                    .isPositive();
            assertThat(rows)
                    .isEqualTo(2)
                    .isEqualTo(outcome.stored().stored("entrance").events());
            assertThat(metrics.sum("maskwatch_events_total", "source", "entrance"))
                    .isEqualTo(rows);
            assertThat(metrics.sum("maskwatch_events_total", "source", "entrance", "evidence", "low"))
                    .isEqualTo(lowEvidence);
            assertThat(metrics.value("maskwatch_frames_dropped_total", "source", "entrance"))
                    .isZero();
            assertThat(metrics.value("maskwatch_source_reconnects_total", "source", "entrance"))
                    .isZero();
            // Per stage, one time per frame it ran on: the detector on every third frame (detection.every).
            assertThat(metrics.type("maskwatch_pipeline_stage_seconds")).isEqualTo("histogram");
            assertThat(metrics.value("maskwatch_pipeline_stage_seconds_count", "stage", "detect"))
                    .isEqualTo(FRAMES / 3);
            assertThat(metrics.value("maskwatch_pipeline_stage_seconds_count", "stage", "track"))
                    .isEqualTo(FRAMES);
            assertThat(metrics.value("maskwatch_pipeline_stage_seconds_count", "stage", "classify"))
                    .isPositive()
                    .isLessThanOrEqualTo(run.classifications());
            assertThat(metrics.value("maskwatch_pipeline_stage_seconds_sum", "stage", "detect"))
                    .isPositive();
            assertThat(metrics.samples("maskwatch_pipeline_stage_seconds_bucket", "stage", "detect"))
                    .hasSizeGreaterThan(10);
            assertThat(metrics.sum("jvm_memory_used_bytes")).isPositive();
            assertThat(OperationsReference.undocumented(metrics))
                    .as("meters docs/operations.md does not describe")
                    .isEmpty();
            // The store closed with the run: its gauges and its check went with it; a file is never "down".
            assertThat(metrics.samples("maskwatch_store_size_bytes")).isEmpty();
            assertThat(metrics.samples("maskwatch_source_up")).isEmpty();
            assertThat(OpsClient.onLocalPort(port).health().ready()).isTrue();
        }
    }

    private static long count(Path store, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
