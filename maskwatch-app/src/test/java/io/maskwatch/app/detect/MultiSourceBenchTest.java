package io.maskwatch.app.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.app.CommandRun;
import io.maskwatch.app.ExitStatus;
import io.maskwatch.vision.testing.FaceSamples;
import io.maskwatch.vision.testing.Scene;
import io.maskwatch.vision.testing.StandInClassifier;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --sources}: a generated video played as one, then two live cameras in one process
 * (YuNet from ../shared, a stand-in classifier), and the table it prints.
 */
@Timeout(180)
class MultiSourceBenchTest {
    @TempDir
    Path dir;

    /** A row of the table: sources, frames/s per source mean (min), in all, CPU, latencies, dropped, load. */
    private static final Pattern ROW = Pattern.compile(
            "^\\| (\\d+) \\| ([\\d.]+) \\(([\\d.]+)\\) \\| ([\\d.]+) \\|"
                    + " (\\d+) % of \\d+ cores \\| \\d+ ms / \\d+ ms \\| [^|]+ \\| [\\d.]+ % \\((\\d+) of (\\d+)\\) \\| [^|]+ \\|$");

    @Test
    void oneThenTwoLiveCamerasInOneProcessGiveATableWithARowEach() throws Exception {
        List<Mat> faces = FaceSamples.detectable("without_mask", 1, 110);
        Path video =
                Scene.write(dir.resolve("entrance.mp4"), 50, List.of(Scene.Actor.still(faces.get(0), 0, 30, 200, 100)));
        Path model = StandInClassifier.constant(dir.resolve("no-mask"), 0.93f);

        CommandRun run = CommandRun.of(
                "bench",
                "--sources",
                "1,2",
                "--source",
                video.toString(),
                "--seconds",
                "2",
                "--model",
                model.toString(),
                "--detector",
                FaceSamples.yunetModel().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("played as N live cameras in one process")
                .contains(MultiSourceBench.HEADER);
        assertThat(run.out()).containsPattern("2 source\\(s\\) at 25.0 frames/s each: cam1 [\\d.]+, cam2 [\\d.]+");
        // Each row twice: as its count ends, then in the table at the end.
        List<Matcher> rows =
                run.out().lines().map(ROW::matcher).filter(Matcher::matches).toList();
        assertThat(rows).extracting(m -> m.group(1)).containsExactly("1", "2", "1", "2");
        for (Matcher row : rows) {
            int sources = Integer.parseInt(row.group(1));
            double mean = Double.parseDouble(row.group(2));
            double min = Double.parseDouble(row.group(3));
            assertThat(min).isPositive().isLessThanOrEqualTo(mean);
            assertThat(Double.parseDouble(row.group(4)))
                    .isCloseTo(mean * sources, org.assertj.core.data.Offset.offset(0.2));
            assertThat(Long.parseLong(row.group(7)))
                    .as("frames decoded in the window")
                    .isPositive()
                    .isGreaterThanOrEqualTo(Long.parseLong(row.group(6)));
        }
    }

    @Test
    void countsOutOfRangeAndOtherModesAreRefused() {
        CommandRun zero = CommandRun.of("bench", "--source", "video.mp4", "--sources", "0");
        assertThat(zero.exitCode()).isEqualTo(ExitStatus.USER_ERROR);
        assertThat(zero.err()).contains("--sources takes counts of cameras from 1 to 64");

        CommandRun withBaseline = CommandRun.of("bench", "--source", "video.mp4", "--sources", "2", "--baseline");
        assertThat(withBaseline.exitCode()).isEqualTo(ExitStatus.USER_ERROR);
        assertThat(withBaseline.err()).contains("--sources runs on its own");
    }

    @Test
    void percentilesAreNearestRank() {
        long[] values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
        assertThat(MultiSourceBench.percentile(values, 95)).isEqualTo(19);
        assertThat(MultiSourceBench.percentile(values, 50)).isEqualTo(10);
        assertThat(MultiSourceBench.percentile(new long[] {7}, 95)).isEqualTo(7);
        assertThat(MultiSourceBench.percentile(new long[0], 95)).isZero();
    }
}
