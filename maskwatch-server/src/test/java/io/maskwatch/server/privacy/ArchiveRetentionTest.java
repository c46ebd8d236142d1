package io.maskwatch.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.maskwatch.core.ops.ProcessOps;
import io.maskwatch.server.config.RetentionSettings;
import io.maskwatch.server.ops.ServerOps;
import io.maskwatch.server.testing.AlertRows;
import io.maskwatch.server.testing.Sql;
import io.maskwatch.server.web.DashboardClient;
import io.maskwatch.server.web.TestDashboard;
import io.maskwatch.testing.PrometheusText;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retention in a real (embedded) PostgreSQL, with the clock moved forward instead of waiting:
 * alerts past {@code alert_days} go with their images and delivery records, faces past {@code
 * image_days} go from alerts that stay (the dashboard says so), an email still waiting keeps its
 * face, every run that deletes is audited, and the audit log itself is never touched.
 */
class ArchiveRetentionTest {
    /** Faces kept 30 days, alerts 100. */
    private static final RetentionSettings SETTINGS = new RetentionSettings(30, 100);

    private TestDashboard dashboard;
    private DataSource ds;

    @BeforeEach
    void start() {
        dashboard = new TestDashboard();
        ds = dashboard.database.dataSource();
        // Ten alerts, seen 1 h, 20 d 1 h, 40 d 1 h, ... 180 d 1 h ago, each with its face and an email sent.
        AlertRows.insertEachWithItsImage(
                ds, 10, 1, dashboard.clock.instant().minus(Duration.ofHours(1)), Duration.ofDays(20));
        AlertRows.emailedTo(ds, "bob@example.com");
    }

    @AfterEach
    void stop() {
        dashboard.close();
    }

    /** The id of the alert seen about {@code days} days ago. */
    private long seenDaysAgo(int days) {
        return Sql.longs(ds, "SELECT id FROM alert ORDER BY event_time DESC").get(days / 20);
    }

    @Test
    void oldAlertsGoWholeOlderFacesGoFromAlertsThatStayAndAWaitingEmailKeepsItsFace() {
        long waiting = seenDaysAgo(60);
        Sql.update(
                ds,
                "INSERT INTO alert_delivery (alert_id, recipient, status) VALUES (" + waiting
                        + ", 'carol@example.com', 'held')");
        ArchiveRetention retention = new ArchiveRetention(ds, SETTINGS, dashboard.clock);
        ProcessOps ops = new ProcessOps();
        new ServerOps(ops).watch(retention);

        ArchiveRetention.Run run = retention.runOnce();

        assertThat(run).isEqualTo(new ArchiveRetention.Run(5, 2, 0));
        assertThat(Sql.count(ds, "SELECT count(*) FROM alert"))
                .as("0 to 80 days old stay")
                .isEqualTo(5);
        assertThat(Sql.count(ds, "SELECT count(*) FROM image"))
                .as("the deleted alerts' images went")
                .isEqualTo(5);
        assertThat(Sql.count(ds, "SELECT count(*) FROM alert_delivery"))
                .as("the deleted alerts' delivery records went")
                .isEqualTo(6);
        assertThat(facesKept()).containsExactly(seenDaysAgo(0), seenDaysAgo(20), waiting);
        assertThat(Sql.count(ds, "SELECT count(*) FROM image WHERE deleted_at IS NOT NULL"))
                .isEqualTo(2);
        assertThat(retention.alertsDeleted()).isEqualTo(5);
        assertThat(retention.imagesDeleted()).isEqualTo(2);
        PrometheusText metrics = PrometheusText.parse(ops.scrape());
        assertThat(metrics.value("maskwatch_retention_alerts_deleted_total")).isEqualTo(5);
        assertThat(metrics.value("maskwatch_retention_images_deleted_total")).isEqualTo(2);
        ops.close();

        List<AuditEntry> audit = new AuditLog(ds, dashboard.clock).newest(10, Optional.empty(), Optional.empty());
        assertThat(audit)
                .extracting(AuditEntry::action, AuditEntry::actor, AuditEntry::count, AuditEntry::reason)
                .containsExactly(
                        tuple("retention_images", "retention", 2L, "retention.image_days: 30"),
                        tuple("retention_alerts", "retention", 5L, "retention.alert_days: 100"));
        JsonNode alerts = audit.get(1).detail();
        assertThat(alerts.get("images").asInt()).isEqualTo(5);
        assertThat(alerts.get("deliveries").asInt()).isEqualTo(5);
        assertThat(Instant.parse(alerts.get("criteria").get("to").asText()))
                .isEqualTo(dashboard.clock.instant().minus(Duration.ofDays(100)));

        assertThat(retention.runOnce()).as("nothing left to delete").isEqualTo(new ArchiveRetention.Run(0, 0, 0));
        assertThat(Sql.count(ds, "SELECT count(*) FROM audit_log"))
                .as("a run that deletes nothing is not audited")
                .isEqualTo(2);

        dashboard.clock.advance(Duration.ofDays(10));
        assertThat(retention.runOnce())
                .as("ten days on, the face seen 20 days ago is 30 days old")
                .isEqualTo(new ArchiveRetention.Run(0, 1, 0));
        assertThat(facesKept()).containsExactly(seenDaysAgo(0), waiting);
    }

    @Test
    void recordsOfEmailsSentGoAfterAlertDaysOnceNoDeliveryPointsToThem() {
        Instant now = dashboard.clock.instant();
        sentEmail(now.minus(Duration.ofDays(150)));
        long oldButReferenced = sentEmail(now.minus(Duration.ofDays(150)));
        long recent = sentEmail(now.minus(Duration.ofDays(10)));
        Sql.update(
                ds, "UPDATE alert_delivery SET email_id = " + oldButReferenced + " WHERE alert_id = " + seenDaysAgo(0));

        ArchiveRetention.Run run = new ArchiveRetention(ds, SETTINGS, dashboard.clock).runOnce();

        assertThat(run.emailRecords()).isEqualTo(1);
        assertThat(Sql.longs(ds, "SELECT id FROM sent_email ORDER BY id")).containsExactly(oldButReferenced, recent);
    }

    private long sentEmail(Instant at) {
        return Sql.longs(
                        ds,
                        "INSERT INTO sent_email (recipient, kind, alert_count, sent_at) VALUES ('bob@example.com',"
                                + " 'alert', 1, '" + at + "') RETURNING id")
                .get(0);
    }

    @Test
    void theDashboardSaysAFaceWasDeletedByRetention() {
        long kept = seenDaysAgo(20);
        long faceless = seenDaysAgo(40);
        long oldest = seenDaysAgo(180);
        new ArchiveRetention(ds, SETTINGS, dashboard.clock).runOnce();
        DashboardClient viewer = dashboard.viewer();

        HttpResponse<String> image = viewer.get("/api/alerts/" + faceless + "/image");
        assertThat(image.statusCode()).isEqualTo(404);
        assertThat(DashboardClient.parse(image.body()).get("message").asText())
                .contains("face image of alert " + faceless + " was deleted by retention on "
                        + dashboard.clock.instant().toString().substring(0, 10))
                .contains("retention.image_days");
        JsonNode detail = viewer.json("/api/alerts/" + faceless).get("image");
        assertThat(detail.get("url").isNull()).isTrue();
        assertThat(Instant.parse(detail.get("deleted_at").asText()))
                .isCloseTo(dashboard.clock.instant(), within(1, ChronoUnit.MILLIS));
        assertThat(viewer.getBytes("/api/alerts/" + kept + "/image").statusCode())
                .isEqualTo(200);
        assertThat(viewer.json("/api/alerts/" + kept)
                        .get("image")
                        .get("deleted_at")
                        .isNull())
                .isTrue();
        HttpResponse<String> gone = viewer.get("/api/alerts/" + oldest + "/image");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(DashboardClient.parse(gone.body()).get("message").asText()).isEqualTo("no alert " + oldest);
    }

    @Test
    void retentionNeverTouchesTheAuditLogWhichRefusesChangesAndDeletions() {
        Clock longAgo = Clock.fixed(dashboard.clock.instant().minus(Duration.ofDays(1000)), ZoneOffset.UTC);
        new AuditLog(ds, longAgo).record("alice", AuditAction.LOGIN, 1, null, Map.of("from", "127.0.0.1"));

        new ArchiveRetention(ds, new RetentionSettings(1, 1), dashboard.clock).runOnce();

        assertThat(Sql.count(ds, "SELECT count(*) FROM alert"))
                .as("only the one seen an hour ago")
                .isEqualTo(1);
        assertThat(Sql.strings(ds, "SELECT action FROM audit_log ORDER BY id"))
                .containsExactly("login", "retention_alerts");
        for (String sql : List.of("DELETE FROM audit_log", "UPDATE audit_log SET actor = 'x'", "TRUNCATE audit_log")) {
            assertThatThrownBy(() -> Sql.update(ds, sql)).as(sql).hasStackTraceContaining("audit_log is append-only");
        }
    }

    @Test
    void zeroDaysKeepsEverythingForEverAndStartsNoJob() {
        assertThat(ArchiveRetention.start(ds, new RetentionSettings(0, 0), dashboard.clock))
                .isEmpty();
        assertThat(new ArchiveRetention(ds, new RetentionSettings(0, 0), dashboard.clock).runOnce())
                .isEqualTo(new ArchiveRetention.Run(0, 0, 0));
        assertThat(Sql.count(ds, "SELECT count(*) FROM image WHERE data IS NOT NULL"))
                .isEqualTo(10);
    }

    /** The alerts that still have their face, newest first. */
    private List<Long> facesKept() {
        return Sql.longs(
                ds,
                "SELECT a.id FROM alert a JOIN image i ON i.id = a.image_id WHERE i.data IS NOT NULL"
                        + " ORDER BY a.event_time DESC");
    }
}
