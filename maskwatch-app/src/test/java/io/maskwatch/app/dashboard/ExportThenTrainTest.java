package io.maskwatch.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.maskwatch.app.CommandRun;
import io.maskwatch.app.classifier.TinyTraining;
import io.maskwatch.server.config.PostgresSettings;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.testing.FaceAlerts;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.web.review.ReviewRepository;
import io.maskwatch.server.web.review.Verdict;
import io.maskwatch.testing.SyntheticFaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the review is for: the crops operators judged, exported from PostgreSQL, are a data folder
 * {@code train} reads as it is, false alarms as masked faces and confirmed alerts as unmasked ones.
 */
class ExportThenTrainTest {
    private static final int PER_CLASS = 20;

    @TempDir
    Path dir;

    @Test
    void trainLearnsFromTheExportedReviews() throws Exception {
        PostgresSettings settings = TestInfra.newDatabase();
        try (Database database = Database.open(settings, name -> null, () -> true)) {
            archiveReviewedFaces(database);
        }
        Path config = Files.writeString(
                dir.resolve("server.yaml"), "postgres: {url: \"" + settings.url() + "\", user: postgres}\n");
        Path data = dir.resolve("reviewed");
        Path model = dir.resolve("model");

        CommandRun export = CommandRun.of("export-reviewed", "--config", config.toString(), "--out", data.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();

        CommandRun train = CommandRun.of(TinyTraining.args(model, 2, "--data", data.toString()));
        assertThat(train.exitCode()).as(train.err()).isZero();

        assertThat(model.resolve("model.onnx")).isNotEmptyFile();
        JsonNode source = new ObjectMapper()
                .readTree(model.resolve("model.json").toFile())
                .at("/training/sources/0");
        assertThat(source.get("path").asText()).isEqualTo(data.toString());
        // Every exported crop was read, in the class its review gives it; the unreviewed ones are absent.
        for (String label : List.of("with_mask", "without_mask")) {
            assertThat(source.at("/train/" + label).asInt()
                            + source.at("/validation/" + label).asInt())
                    .as(label)
                    .isEqualTo(PER_CLASS);
        }
    }

    /** PER_CLASS false alarms showing masked faces, PER_CLASS confirmed alerts showing bare ones, two unreviewed. */
    private static void archiveReviewedFaces(Database database) {
        Random random = new Random(7);
        Instant time = Instant.parse("2024-03-01T09:00:00Z");
        List<Long> masked = new ArrayList<>();
        List<Long> bare = new ArrayList<>();
        for (int i = 0; i < PER_CLASS; i++) {
            masked.add(face(database, true, random, time.plusSeconds(2L * i)));
            bare.add(face(database, false, random, time.plusSeconds(2L * i + 1)));
        }
        face(database, true, random, time.plusSeconds(100));
        face(database, false, random, time.plusSeconds(101));
        ReviewRepository reviews = new ReviewRepository(database.dataSource());
        reviews.review(masked, Verdict.FALSE_ALARM, "alice", time.plusSeconds(3600));
        reviews.review(bare, Verdict.CONFIRMED, "alice", time.plusSeconds(3600));
    }

    private static long face(Database database, boolean masked, Random random, Instant time) {
        byte[] jpeg = FaceAlerts.jpeg(SyntheticFaces.crop(48, masked, random));
        return FaceAlerts.insert(database.dataSource(), "dev-1", "cam-0", time, jpeg);
    }
}
