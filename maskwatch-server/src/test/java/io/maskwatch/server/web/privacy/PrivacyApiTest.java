package io.maskwatch.server.web.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maskwatch.server.testing.AlertRows;
import io.maskwatch.server.testing.Sql;
import io.maskwatch.server.web.DashboardClient;
import io.maskwatch.server.web.TestDashboard;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deleting alerts on request from the dashboard, and the audit log: an admin's deletion takes the
 * alerts, their images and delivery records from the database and writes who, why and which;
 * viewers may do neither; logins, reviews and deletions are audited and read newest first.
 */
class PrivacyApiTest {
    /** A fresh dashboard and database for each test (JUnit makes an instance per test). */
    private final TestDashboard dashboard = new TestDashboard();

    private final DataSource ds = dashboard.database.dataSource();

    @BeforeEach
    void alerts() {
        AlertRows.insertEachWithItsImage(ds, 6, 2, dashboard.clock.instant(), Duration.ofMinutes(1));
        AlertRows.emailedTo(ds, "bob@example.com", "carol@example.com");
    }

    @AfterEach
    void stop() {
        dashboard.close();
    }

    private List<Long> alertIds() {
        return Sql.longs(ds, "SELECT id FROM alert ORDER BY id");
    }

    /** {@code (1, 2)}: ids written into a query. */
    private static String in(List<Long> ids) {
        return "(" + ids.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
    }

    private static String deleteBody(List<Long> ids, String reason) {
        return "{\"ids\":" + ids + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}";
    }

    @Test
    void anAdminDeletesAlertsWithTheirImagesAndDeliveriesAndTheAuditLogSaysWhoWhyAndWhich() {
        List<Long> ids = alertIds();
        List<Long> gone = ids.subList(0, 2);
        List<Long> imagesOfGone = Sql.longs(ds, "SELECT image_id FROM alert WHERE id IN " + in(gone));
        DashboardClient admin = dashboard.admin();
        List<Long> asked = new ArrayList<>(gone);
        asked.add(999_999L);

        HttpResponse<String> done =
                admin.postJson("/api/alerts/delete", deleteBody(asked, "subject access request 12"), admin.csrf());

        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        JsonNode answer = DashboardClient.parse(done.body());
        assertThat(answer.get("deleted").asInt())
                .as("the unknown id is left out")
                .isEqualTo(2);
        assertThat(answer.get("images").asInt()).isEqualTo(2);
        assertThat(answer.get("deliveries").asInt()).isEqualTo(4);
        for (long id : gone) {
            assertThat(admin.get("/api/alerts/" + id).statusCode()).isEqualTo(404);
            assertThat(admin.get("/api/alerts/" + id + "/image").statusCode()).isEqualTo(404);
        }
        assertThat(Sql.count(ds, "SELECT count(*) FROM alert WHERE id IN " + in(gone)))
                .isZero();
        assertThat(Sql.count(ds, "SELECT count(*) FROM image WHERE id IN " + in(imagesOfGone)))
                .isZero();
        assertThat(Sql.count(ds, "SELECT count(*) FROM alert_delivery WHERE alert_id IN " + in(gone)))
                .isZero();
        assertThat(Sql.count(ds, "SELECT count(*) FROM alert"))
                .as("the others stay")
                .isEqualTo(4);
        assertThat(Sql.count(ds, "SELECT count(*) FROM image")).isEqualTo(4);
        assertThat(Sql.count(ds, "SELECT count(*) FROM alert_delivery")).isEqualTo(8);

        JsonNode entry = admin.json("/api/audit?action=delete").get("entries").get(0);
        assertThat(entry.get("id").asLong()).isEqualTo(answer.get("audit_id").asLong());
        assertThat(entry.get("actor").asText()).isEqualTo(TestDashboard.ADMIN);
        assertThat(entry.get("action").asText()).isEqualTo("delete");
        assertThat(entry.get("count").asInt()).isEqualTo(2);
        assertThat(entry.get("reason").asText()).isEqualTo("subject access request 12");
        assertThat(entry.get("detail").get("criteria").get("ids").toString())
                .isEqualTo(asked.toString().replace(" ", ""));
        assertThat(entry.get("detail").get("images").asInt()).isEqualTo(2);
        assertThat(entry.get("detail").get("deliveries").asInt()).isEqualTo(4);
        assertThat(entry.get("detail").get("via").asText()).isEqualTo("dashboard");
    }

    @Test
    void deletingNeedsTheAdminRoleTheCsrfTokenAndAReason() {
        List<Long> one = alertIds().subList(0, 1);
        String body = deleteBody(one, "mistake");
        DashboardClient viewer = dashboard.viewer();
        HttpResponse<String> refused = viewer.postJson("/api/alerts/delete", body, viewer.csrf());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("admin role");
        assertThat(dashboard
                        .anonymous()
                        .postJson("/api/alerts/delete", body, null)
                        .statusCode())
                .isEqualTo(401);

        DashboardClient admin = dashboard.admin();
        assertThat(admin.postJson("/api/alerts/delete", body, null).statusCode())
                .isEqualTo(403);
        String csrf = admin.csrf();
        assertBad(admin.postJson("/api/alerts/delete", deleteBody(one, null), csrf), "reason");
        assertBad(admin.postJson("/api/alerts/delete", deleteBody(one, "  "), csrf), "reason");
        assertBad(admin.postJson("/api/alerts/delete", "{\"ids\":[],\"reason\":\"x\"}", csrf), "ids");
        assertBad(admin.postJson("/api/alerts/delete", "not json", csrf), "body");

        assertThat(Sql.count(ds, "SELECT count(*) FROM alert"))
                .as("nothing was deleted")
                .isEqualTo(6);
        assertThat(Sql.count(ds, "SELECT count(*) FROM audit_log WHERE action = 'delete'"))
                .isZero();
    }

    private static void assertBad(HttpResponse<String> response, String parameter) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(DashboardClient.parse(response.body()).get("parameter").asText())
                .isEqualTo(parameter);
    }

    @Test
    void loginsAndReviewsAreAuditedAndOnlyAdminsReadTheLogNewestFirstPageByPage() {
        assertThat(dashboard.anonymous().login(TestDashboard.VIEWER, "not it").statusCode())
                .isEqualTo(401);
        assertThat(dashboard.anonymous().login("mallory", "guess").statusCode()).isEqualTo(401);
        DashboardClient viewer = dashboard.viewer();
        DashboardClient admin = dashboard.admin();
        List<Long> reviewed = alertIds().subList(0, 3);
        admin.postJson("/api/alerts/review", "{\"ids\":" + reviewed + ",\"verdict\":\"false_alarm\"}", admin.csrf());

        List<JsonNode> all = new ArrayList<>();
        String next = "";
        do {
            JsonNode page = admin.json("/api/audit?limit=2" + next);
            page.get("entries").forEach(all::add);
            next = page.get("next_before").isNull()
                    ? null
                    : "&before=" + page.get("next_before").asLong();
        } while (next != null);
        assertThat(all)
                .extracting(e -> e.get("action").asText() + " " + e.get("actor").asText())
                .as("newest first")
                .containsExactly(
                        "review alice", "login alice", "login victor", "login_failed mallory", "login_failed victor");
        assertThat(all).extracting(e -> e.get("id").asLong()).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(all.get(0).get("count").asInt()).isEqualTo(3);
        assertThat(all.get(0).get("detail").get("verdict").asText()).isEqualTo("false_alarm");
        assertThat(all.get(3).get("detail").get("known_user").asBoolean()).isFalse();
        assertThat(all.get(4).get("detail").get("known_user").asBoolean()).isTrue();
        assertThat(all.get(4).get("detail").get("why").asText()).isEqualTo("wrong user name or password");

        assertThat(admin.json("/api/audit?action=login_failed").get("entries")).hasSize(2);
        assertThat(viewer.get("/api/audit").statusCode()).isEqualTo(403);
        assertThat(dashboard.anonymous().get("/api/audit").statusCode()).isEqualTo(401);
        assertBad(admin.get("/api/audit?action=bogus"), "action");
        assertBad(admin.get("/api/audit?before=x"), "before");
        assertBad(admin.get("/api/audit?limit=0"), "limit");
    }
}
