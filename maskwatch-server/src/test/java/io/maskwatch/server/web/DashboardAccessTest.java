package io.maskwatch.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.http.HandlerType;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Logging in, the slow-down after failed logins, idle sessions, and what needs which role. */
class DashboardAccessTest {
    static TestDashboard dashboard;

    @BeforeAll
    static void start() {
        dashboard = new TestDashboard();
        io.maskwatch.server.testing.AlertRows.insert(
                dashboard.database.dataSource(), 3, 1, Instant.now(), Duration.ofMinutes(1));
    }

    @AfterAll
    static void stop() {
        dashboard.close();
    }

    @Test
    void withoutASessionTheApiAnswers401AndPagesGoToTheLoginPage() {
        DashboardClient anonymous = dashboard.anonymous();
        for (String path : List.of(
                "/api/alerts",
                "/api/alerts/1",
                "/api/alerts/1/image",
                "/api/alerts/live",
                "/api/compliance",
                "/api/compliance.csv",
                "/api/devices",
                "/api/me",
                "/api/openapi.json",
                "/api/review/false-alarm-rates")) {
            HttpResponse<String> response = anonymous.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(DashboardClient.parse(response.body()).get("error").asText())
                    .as(path)
                    .isEqualTo("not_logged_in");
        }
        assertThat(anonymous
                        .postJson("/api/alerts/review", "{\"ids\":[1],\"verdict\":\"confirmed\"}", null)
                        .statusCode())
                .isEqualTo(401);
        for (String page : List.of("/", "/alerts", "/alerts/1", "/compliance", "/devices")) {
            HttpResponse<String> response = anonymous.get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(302);
            assertThat(response.headers().firstValue("Location").orElseThrow())
                    .as(page)
                    .startsWith("/login?next=");
        }
        // Style and scripts hold no personal data, and the login page needs them.
        assertThat(anonymous.get("/static/dashboard.css").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/webjars/echarts/5.3.1/dist/echarts.min.js").statusCode())
                .isEqualTo(200);
        HttpResponse<String> health = anonymous.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(DashboardClient.parse(health.body())
                        .at("/checks/postgres/status")
                        .asText())
                .isEqualTo("up");
        // Prometheus and probes log in nowhere; neither page holds personal data.
        HttpResponse<String> metrics = anonymous.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(io.maskwatch.testing.PrometheusText.parse(metrics.body()).sum("jvm_memory_used_bytes"))
                .isPositive();
    }

    @Test
    void aGoodLoginSetsAnHttpOnlySameSiteCookieAndAWrongPasswordIsRefused() {
        DashboardClient client = dashboard.anonymous();
        HttpResponse<String> wrong = client.login(TestDashboard.VIEWER, "not it");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong user name or password");
        assertThat(client.get("/api/me").statusCode()).isEqualTo(401);

        HttpResponse<String> good = client.login(TestDashboard.VIEWER, TestDashboard.VIEWER_PASSWORD);
        assertThat(good.statusCode()).isEqualTo(302);
        assertThat(good.headers().firstValue("Location")).contains("/alerts");
        String cookie = good.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("maskwatch_session=").contains("HttpOnly").contains("SameSite=Lax");
        assertThat(client.json("/api/me").get("role").asText()).isEqualTo("viewer");
        // An unknown user gets the same answer as a wrong password.
        assertThat(dashboard.anonymous().login("mallory", "x").body()).contains("Wrong user name or password");
    }

    @Test
    void afterFiveFailedLoginsInARowTheAccountIsSlowedDownEvenForTheRightPassword() {
        String user = TestDashboard.ADMIN;
        DashboardClient client = dashboard.anonymous();
        for (int i = 0; i < 5; i++) {
            assertThat(client.login(user, "guess " + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = client.login(user, TestDashboard.ADMIN_PASSWORD);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.body()).contains("Too many failed logins");
        // Another account is not affected.
        assertThat(client.login(TestDashboard.VIEWER, TestDashboard.VIEWER_PASSWORD)
                        .statusCode())
                .isEqualTo(302);

        dashboard.clock.advance(Duration.ofSeconds(31));
        assertThat(dashboard
                        .anonymous()
                        .login(user, TestDashboard.ADMIN_PASSWORD)
                        .statusCode())
                .isEqualTo(302);
    }

    @Test
    void aSessionIdleLongerThanTheLimitEnds() {
        DashboardClient viewer = dashboard.viewer();
        assertThat(viewer.get("/api/me").statusCode()).isEqualTo(200);
        dashboard.clock.advance(Duration.ofMinutes(20));
        assertThat(viewer.get("/api/me").statusCode()).as("used within 30 min").isEqualTo(200);
        dashboard.clock.advance(Duration.ofMinutes(31));
        assertThat(viewer.get("/api/me").statusCode()).as("idle 31 min").isEqualTo(401);
    }

    @Test
    void reviewingNeedsTheAdminRoleAndTheCsrfToken() {
        String body = "{\"ids\":[1],\"verdict\":\"false_alarm\"}";
        DashboardClient viewer = dashboard.viewer();
        HttpResponse<String> refused = viewer.postJson("/api/alerts/review", body, viewer.csrf());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("admin role");

        DashboardClient admin = dashboard.admin();
        HttpResponse<String> noToken = admin.postJson("/api/alerts/review", body, null);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("CSRF");
        assertThat(admin.postJson("/api/alerts/review", body, "forged").statusCode())
                .isEqualTo(403);
        HttpResponse<String> done = admin.postJson("/api/alerts/review", body, admin.csrf());
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(DashboardClient.parse(done.body()).get("updated").asInt()).isEqualTo(1);
    }

    @Test
    void logoutEndsTheSessionOnTheServer() {
        DashboardClient viewer = dashboard.viewer();
        String csrf = viewer.csrf();
        HttpResponse<String> out = viewer.postForm("/logout", "_csrf=" + csrf);
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(viewer.get("/api/me").statusCode()).isEqualTo(401);
    }

    @Test
    void theOpenApiDocumentDescribesExactlyTheRoutesThatExist() {
        var doc = dashboard.admin().json("/api/openapi.json");
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        java.util.Set<String> documented = new java.util.TreeSet<>();
        doc.get("paths")
                .fields()
                .forEachRemaining(path -> path.getValue()
                        .fieldNames()
                        .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));
        java.util.Set<String> routed = new java.util.TreeSet<>();
        for (var endpoint : dashboard.server.routes()) {
            if (endpoint.method() != HandlerType.HEAD && endpoint.method() != HandlerType.OPTIONS) {
                routed.add(endpoint.method().name() + " " + endpoint.path());
            }
        }
        assertThat(documented).isEqualTo(routed);
    }
}
