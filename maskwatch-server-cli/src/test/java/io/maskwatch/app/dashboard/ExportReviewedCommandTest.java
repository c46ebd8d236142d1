package io.maskwatch.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.app.ServerCommandRun;
import io.maskwatch.server.config.PostgresSettings;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.testing.FaceAlerts;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.web.review.ReviewRepository;
import io.maskwatch.server.web.review.Verdict;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maskwatch export-reviewed} on an archive in the embedded PostgreSQL: reviewed crops land
 * in the class folders train reads, unreviewed ones nowhere, and nothing different is overwritten.
 */
class ExportReviewedCommandTest {
    private static final Instant T0 = Instant.parse("2024-03-01T09:00:00Z");
    private static final Instant REVIEWED = Instant.parse("2024-03-02T10:00:00Z");

    @TempDir
    Path dir;

    private Database database;
    private Path config;
    private final List<byte[]> images = new ArrayList<>();

    @BeforeEach
    void archive() throws Exception {
        PostgresSettings settings = TestInfra.newDatabase();
        database = Database.open(settings, name -> null, () -> true);
        config = Files.writeString(
                dir.resolve("server.yaml"), "postgres: {url: \"" + settings.url() + "\", user: postgres}\n");
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** Alert {@code n} (its picture a colour of its own), {@code n} minutes after T0. */
    private long alert(int n, String device, byte[] image) {
        images.add(image);
        return FaceAlerts.insert(database.dataSource(), device, "cam-" + n % 2, T0.plusSeconds(60L * n), image);
    }

    private long alert(int n, String device) {
        return alert(n, device, FaceAlerts.jpeg(picture(n)));
    }

    private static BufferedImage picture(int n) {
        BufferedImage image = new BufferedImage(48, 56, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(Color.HSBtoRGB(n / 10f, 0.6f, 0.8f)));
        g.fillOval(4, 4, 40, 48);
        g.dispose();
        return image;
    }

    private void review(Verdict verdict, long... ids) {
        new ReviewRepository(database.dataSource())
                .review(Arrays.stream(ids).boxed().toList(), verdict, "alice", REVIEWED);
    }

    /** {@code export-reviewed} into {@code out} from the test's archive, with {@code more} flags. */
    private ServerCommandRun export(Path out, String... more) {
        List<String> args =
                new ArrayList<>(List.of("export-reviewed", "--config", config.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return ServerCommandRun.of(args.toArray(String[]::new));
    }

    private static List<String> files(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void reviewedCropsGoToTheirClassFoldersWithAManifestAndUnreviewedOnesNowhere() throws Exception {
        long c1 = alert(1, "dev-a");
        long c2 = alert(2, "dev-a");
        long c3 = alert(3, "dev-b");
        long f1 = alert(4, "dev-a");
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(picture(5), "png", png);
        long f2 = alert(5, "dev-b", png.toByteArray());
        long u1 = alert(6, "dev-a");
        long u2 = alert(7, "dev-b");
        review(Verdict.CONFIRMED, c1, c2, c3);
        review(Verdict.FALSE_ALARM, f1, f2);
        Path out = dir.resolve("export");

        ServerCommandRun run = export(out);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(files(out)).containsExactly("manifest.csv", "with_mask", "without_mask");
        assertThat(files(out.resolve("with_mask"))).containsExactly("alert-" + f1 + ".jpg", "alert-" + f2 + ".png");
        assertThat(files(out.resolve("without_mask")))
                .containsExactly("alert-" + c1 + ".jpg", "alert-" + c2 + ".jpg", "alert-" + c3 + ".jpg");
        // Each alert's own picture, byte for byte.
        assertThat(out.resolve("without_mask/alert-" + c3 + ".jpg")).hasBinaryContent(images.get(2));
        assertThat(out.resolve("with_mask/alert-" + f2 + ".png")).hasBinaryContent(images.get(4));
        assertThat(run.out())
                .containsPattern("with_mask/ +2 +marked false_alarm")
                .containsPattern("without_mask/ +3 +marked confirmed")
                .contains("2 alert(s) nobody has reviewed yet are left out");

        assertThat(io.maskwatch.server.testing.Sql.strings(
                        database.dataSource(), "SELECT action || ' ' || count FROM audit_log WHERE action = 'export'"))
                .as("the export is in the audit log")
                .containsExactly("export 5");

        List<String> manifest = Files.readAllLines(out.resolve("manifest.csv"));
        assertThat(manifest)
                .hasSize(6)
                .first()
                .isEqualTo("id,class,device,source,event_time,reviewed_by,reviewed_at,file");
        assertThat(manifest)
                .contains(c3
                        + ",without_mask,dev-b,cam-1,2024-03-01T09:03:00Z,alice,2024-03-02T10:00:00Z,without_mask/alert-"
                        + c3 + ".jpg")
                .contains(f2 + ",with_mask,dev-b,cam-1,2024-03-01T09:05:00Z,alice,2024-03-02T10:00:00Z,with_mask/alert-"
                        + f2 + ".png")
                .noneMatch(line -> line.startsWith(u1 + ",") || line.startsWith(u2 + ","));
    }

    @Test
    void filtersByTimeAndDevice() throws Exception {
        long early = alert(1, "dev-a");
        long late = alert(30, "dev-a");
        long otherDevice = alert(31, "dev-b");
        review(Verdict.CONFIRMED, early, late, otherDevice);
        Path out = dir.resolve("late-a");

        ServerCommandRun run = export(out, "--since", "2024-03-01T09:20:00Z", "--device", "dev-a");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(files(out.resolve("without_mask"))).containsExactly("alert-" + late + ".jpg");
        assertThat(files(out.resolve("with_mask"))).isEmpty();

        ServerCommandRun badTime = export(out, "--since", "yesterday");
        assertThat(badTime.exit()).isEqualTo(2);
        assertThat(badTime.err()).startsWith("error: --since: 'yesterday' is no ISO-8601 date or time");
    }

    @Test
    void exportingAgainKeepsWhatIsThereMovesWhatWasReviewedAgainAndNeverOverwritesAnotherPicture() throws Exception {
        long a = alert(1, "dev-a");
        long b = alert(2, "dev-a");
        review(Verdict.CONFIRMED, a, b);
        Path out = dir.resolve("export");
        assertThat(export(out).exit()).isZero();

        // The operator changes their mind on a; a picture of another archive holds the name of new alert c.
        review(Verdict.FALSE_ALARM, a);
        long c = alert(3, "dev-a");
        review(Verdict.CONFIRMED, c);
        Path foreign = out.resolve("without_mask/alert-" + c + ".jpg");
        Files.write(foreign, FaceAlerts.jpeg(picture(9)));
        byte[] foreignBytes = Files.readAllBytes(foreign);

        ServerCommandRun again = export(out);

        assertThat(again.exit()).as(again.out()).isEqualTo(2);
        assertThat(again.err())
                .contains("warning: alert " + c + " left out: " + foreign + " holds another picture, which is kept")
                .contains("error: 1 alert(s) left out: files of their names in " + out + " hold other pictures");
        assertThat(foreign).hasBinaryContent(foreignBytes);
        assertThat(files(out.resolve("with_mask"))).containsExactly("alert-" + a + ".jpg");
        assertThat(files(out.resolve("without_mask"))).containsExactly("alert-" + b + ".jpg", "alert-" + c + ".jpg");
        assertThat(again.out()).contains("of these, 1 were there already and 1 moved to the other class");
        assertThat(Files.readAllLines(out.resolve("manifest.csv")))
                .hasSize(3)
                .noneMatch(line -> line.startsWith(c + ","));
    }
}
