package io.maskwatch.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.maskwatch.core.image.SyntheticJpeg;
import io.maskwatch.server.testing.AlertRows;
import io.maskwatch.server.testing.Sql;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The alert list's paging and filters, one alert, its image, review and bad parameters. */
class DashboardAlertsApiTest {
    static final Instant NEWEST = Instant.parse("2026-11-30T12:00:00Z");
    static TestDashboard dashboard;
    static DashboardClient viewer;

    @BeforeAll
    static void start() {
        dashboard = new TestDashboard();
        // 120 alerts a minute apart on two devices, and 7 more all at one instant: the cursor must
        // tell alerts of the same time apart by id.
        AlertRows.insert(dashboard.database.dataSource(), 120, 2, NEWEST, Duration.ofMinutes(1));
        AlertRows.insert(dashboard.database.dataSource(), 7, 2, NEWEST.minus(Duration.ofMinutes(30)), Duration.ZERO);
        viewer = dashboard.viewer();
    }

    @AfterAll
    static void stop() {
        dashboard.close();
    }

    @Test
    void pagingVisitsEveryAlertOnceNewestFirst() {
        List<JsonNode> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = viewer.json("/api/alerts?limit=25" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("alerts").forEach(seen::add);
            cursor = page.get("next_cursor").isNull()
                    ? null
                    : page.get("next_cursor").asText();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(6); // 127 alerts: five full pages and one of two
        Set<Long> ids = new HashSet<>();
        seen.forEach(a -> ids.add(a.get("id").asLong()));
        assertThat(ids).hasSize(127);
        for (int i = 1; i < seen.size(); i++) {
            Instant before = Instant.parse(seen.get(i - 1).get("event_time").asText());
            Instant after = Instant.parse(seen.get(i).get("event_time").asText());
            assertThat(after).isBeforeOrEqualTo(before);
            if (after.equals(before)) {
                assertThat(seen.get(i).get("id").asLong())
                        .isLessThan(seen.get(i - 1).get("id").asLong());
            }
        }
        assertThat(seen.get(0).get("event_time").asText()).isEqualTo(NEWEST.toString());
        assertThat(seen.get(0).get("image_url").asText())
                .isEqualTo("/api/alerts/" + seen.get(0).get("id") + "/image");
    }

    @Test
    void filtersByDeviceSourceTimeAndReviewState() {
        JsonNode dev1 = viewer.json("/api/alerts?device=dev-1&limit=200").get("alerts");
        assertThat(dev1).hasSize(60 + 3);
        dev1.forEach(a -> assertThat(a.get("device_id").asText()).isEqualTo("dev-1"));

        JsonNode cam2 =
                viewer.json("/api/alerts?source=cam-2&device=dev-0&limit=200").get("alerts");
        cam2.forEach(a -> {
            assertThat(a.get("source").asText()).isEqualTo("cam-2");
            assertThat(a.get("device_id").asText()).isEqualTo("dev-0");
        });
        assertThat(cam2).isNotEmpty();

        Instant from = NEWEST.minus(Duration.ofMinutes(9));
        JsonNode window =
                viewer.json("/api/alerts?from=" + from + "&to=" + NEWEST).get("alerts");
        assertThat(window).hasSize(9); // minutes -9 .. -1; "to" is exclusive

        DashboardClient admin = dashboard.admin();
        List<Long> ids = new ArrayList<>();
        window.forEach(a -> ids.add(a.get("id").asLong()));
        admin.postJson(
                "/api/alerts/review", "{\"ids\":" + ids.subList(0, 3) + ",\"verdict\":\"false_alarm\"}", admin.csrf());
        List<Long> falseAlarms = new ArrayList<>();
        viewer.json("/api/alerts?review=false_alarm&limit=200").get("alerts").forEach(a -> {
            assertThat(a.get("review").asText()).isEqualTo("false_alarm");
            falseAlarms.add(a.get("id").asLong());
        });
        assertThat(falseAlarms).containsAll(ids.subList(0, 3));
        long reviewed =
                Sql.count(dashboard.database.dataSource(), "SELECT count(*) FROM alert WHERE review IS NOT NULL");
        JsonNode unreviewed =
                viewer.json("/api/alerts?review=unreviewed&limit=200").get("alerts");
        assertThat(unreviewed).hasSize((int) (127 - reviewed));
        unreviewed.forEach(a -> assertThat(a.get("review").isNull()).isTrue());
    }

    @Test
    void badParametersAreNamedWithWhatTheyExpect() {
        assertBad("/api/alerts?limit=0", "limit", "a whole number from 1 to 200");
        assertBad("/api/alerts?limit=lots", "limit", "a whole number from 1 to 200");
        assertBad("/api/alerts?limit=201", "limit", "a whole number from 1 to 200");
        assertBad("/api/alerts?from=yesterday", "from", "an ISO-8601 instant");
        assertBad("/api/alerts?to=2026-13-01", "to", "an ISO-8601 instant");
        assertBad("/api/alerts?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "to", "a time after from");
        assertBad("/api/alerts?review=maybe", "review", "one of any, unreviewed, confirmed, false_alarm");
        assertBad("/api/alerts?cursor=not-a-cursor", "cursor", "the next_cursor of an earlier page");
        assertBad("/api/alerts/abc", "id", "a positive whole number");
        assertBad("/api/alerts/-4/image", "id", "a positive whole number");
        assertBad("/api/compliance?bucket=week", "bucket", "one of hour, day");
        assertBad("/api/compliance?tz=Mars/Olympus", "tz", "an IANA time zone");
        assertBad("/api/compliance?bucket=hour&from=2020-01-01T00:00:00Z", "from", "a range of at most 1500 hours");
    }

    @Test
    void badReviewBodiesAreNamed() {
        DashboardClient admin = dashboard.admin();
        String csrf = admin.csrf();
        assertBadBody(admin.postJson("/api/alerts/review", "{\"ids\":[1],\"verdict\":\"meh\"}", csrf), "verdict");
        assertBadBody(admin.postJson("/api/alerts/review", "{\"ids\":[],\"verdict\":\"confirmed\"}", csrf), "ids");
        assertBadBody(
                admin.postJson("/api/alerts/review", "{\"ids\":[\"one\"],\"verdict\":\"confirmed\"}", csrf), "ids");
        assertBadBody(admin.postJson("/api/alerts/review", "not json", csrf), "body");
    }

    @Test
    void oneAlertHasItsModelsBoxDeviceAndDeliveryHistory() {
        long id = Sql.count(dashboard.database.dataSource(), "SELECT max(id) FROM alert");
        Sql.update(
                dashboard.database.dataSource(),
                "INSERT INTO alert_delivery (alert_id, recipient, status, sent_at) VALUES (" + id
                        + ", 'alice@example.com', 'sent', now()), (" + id + ", 'bob@example.com', 'held', NULL)");
        JsonNode a = viewer.json("/api/alerts/" + id);
        assertThat(a.get("alert").get("id").asLong()).isEqualTo(id);
        assertThat(a.get("mask_model").get("name").asText()).isEqualTo("maskwatch-test");
        assertThat(a.get("mask_model").get("threshold").asDouble())
                .isCloseTo(0.31, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(a.get("face_model").get("name").asText()).isEqualTo("YuNet");
        assertThat(a.get("box").get("x2").asInt()).isEqualTo(58);
        assertThat(a.get("device").get("type").asText()).isEqualTo("Raspberry Pi 4");
        assertThat(a.get("deliveries")).hasSize(2);
        assertThat(a.get("deliveries").get(0).get("recipient").asText()).isEqualTo("alice@example.com");
        assertThat(a.get("deliveries").get(1).get("status").asText()).isEqualTo("held");

        HttpResponse<String> missing = viewer.get("/api/alerts/" + (id + 1000));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(DashboardClient.parse(missing.body()).get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void theImageIsTheStoredCropAndNoSharedCacheKeepsIt() {
        long id = Sql.count(dashboard.database.dataSource(), "SELECT min(id) FROM alert");
        HttpResponse<byte[]> image = viewer.getBytes("/api/alerts/" + id + "/image");
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("image/jpeg"));
        assertThat(image.headers().firstValue("Cache-Control")).contains("private, max-age=3600");
        assertThat(image.body()).isEqualTo(SyntheticJpeg.ofSize(3_000, 7));
    }

    @Test
    void falseAlarmRatesCountReviewsPerDeviceAndModel() {
        DashboardClient admin = dashboard.admin();
        JsonNode dev0 = viewer.json("/api/alerts?device=dev-0&to="
                        + NEWEST.minus(Duration.ofMinutes(100)).truncatedTo(ChronoUnit.MINUTES) + "&limit=10")
                .get("alerts");
        List<Long> ids = new ArrayList<>();
        dev0.forEach(a -> ids.add(a.get("id").asLong()));
        admin.postJson(
                "/api/alerts/review", "{\"ids\":" + ids.subList(0, 4) + ",\"verdict\":\"confirmed\"}", admin.csrf());
        admin.postJson(
                "/api/alerts/review", "{\"ids\":" + ids.subList(4, 5) + ",\"verdict\":\"false_alarm\"}", admin.csrf());

        JsonNode rates = viewer.json("/api/review/false-alarm-rates");
        JsonNode device = null;
        for (JsonNode d : rates.get("per_device")) {
            if (d.get("key").asText().equals("dev-0")) {
                device = d;
            }
        }
        assertThat(device).isNotNull();
        assertThat(device.get("reviewed").asLong()).isGreaterThanOrEqualTo(5);
        assertThat(device.get("false_alarms").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(device.get("rate").asDouble())
                .isCloseTo(
                        device.get("false_alarms").asDouble()
                                / device.get("reviewed").asDouble(),
                        org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Sql.strings(
                        dashboard.database.dataSource(),
                        "SELECT DISTINCT reviewed_by FROM alert WHERE id = " + ids.get(0)))
                .containsExactly(TestDashboard.ADMIN);
        assertThat(rates.get("per_model").get(0).get("name").asText()).isEqualTo("maskwatch-test");
    }

    private static void assertBad(String path, String parameter, String expected) {
        HttpResponse<String> response = viewer.get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        JsonNode body = DashboardClient.parse(response.body());
        assertThat(body.get("error").asText()).as(path).isEqualTo("bad_parameter");
        assertThat(body.get("parameter").asText()).as(path).isEqualTo(parameter);
        assertThat(body.get("expected").asText()).as(path).contains(expected);
    }

    private static void assertBadBody(HttpResponse<String> response, String parameter) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(DashboardClient.parse(response.body()).get("parameter").asText())
                .isEqualTo(parameter);
    }
}
