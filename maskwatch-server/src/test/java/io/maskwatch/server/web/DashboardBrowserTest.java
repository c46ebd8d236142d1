package io.maskwatch.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.maskwatch.server.ingress.IngressService;
import io.maskwatch.server.testing.Browser;
import io.maskwatch.server.testing.FaceImages;
import io.maskwatch.server.testing.Sql;
import io.maskwatch.server.testing.TestAlerts;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.testing.TestProducer;
import io.maskwatch.wire.TopicSettings;
import io.maskwatch.wire.proto.Alert;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in real headless Chromium, with alerts that came through the real ingress from a
 * real Kafka into a real PostgreSQL. Screenshots of the pages land in {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    static TestDashboard dashboard;
    static IngressService ingress;
    static TestProducer producer;
    static TopicSettings topics;
    static Browser browser;
    static List<byte[]> faces;
    static int sent;

    @BeforeAll
    static void start() {
        browser = Browser.start();
        dashboard = new TestDashboard();
        topics = TestInfra.newTopics();
        ingress = new IngressService(TestInfra.kafkaClients(), topics, dashboard.database.dataSource(), "browser");
        ingress.start();
        producer = new TestProducer();
        faces = FaceImages.some(13);
        for (int i = 0; i < 12; i++) {
            send(Instant.now().minus(Duration.ofMinutes(5L * (12 - i))));
        }
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> Sql.count(dashboard.database.dataSource(), "SELECT count(*) FROM alert") == 12);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (producer != null) {
            producer.close();
            ingress.close();
            dashboard.close();
        }
    }

    /** Sends one event through Kafka, seen at {@code when}, with a face. */
    static void send(Instant when) {
        int i = sent++;
        Alert alert = TestAlerts.maskWatch(UUID.randomUUID(), i, 1_000).toBuilder()
                .setEventTime(when.toString())
                .setSource(i % 2 == 0 ? "front-door" : "loading-bay")
                .setImage(Alert.Image.newBuilder()
                        .setFormat("jpeg")
                        .setSize(Alert.Image.Size.newBuilder().setWidth(128).setHeight(128))
                        .setData(ByteString.copyFrom(faces.get(i % faces.size()))))
                .build();
        producer.send(topics.alerts(), TestAlerts.DEVICE.getBytes(StandardCharsets.UTF_8), alert.toByteArray());
        producer.flush();
    }

    @Test
    @Order(1)
    void everyPageSendsALoggedOutBrowserToTheLoginPage() {
        for (String page : List.of("/alerts", "/alerts/1", "/compliance", "/devices")) {
            browser.open(dashboard.url() + page);
            browser.waiting().until(d -> d.getCurrentUrl().contains("/login?next="));
            assertThat(browser.driver.getCurrentUrl()).as(page).contains("/login?next=");
        }
        assertThat(browser.script("return getComputedStyle(document.body).backgroundColor"))
                .as("the style sheet is applied")
                .isEqualTo("rgb(15, 18, 22)");
        browser.screenshot("login");
    }

    @Test
    @Order(2)
    void aWrongPasswordIsRefused() {
        browser.logIn(dashboard.url(), TestDashboard.ADMIN, "wrong password");
        WebElement error = browser.waitFor(By.id("login-error"));
        assertThat(error.getText()).contains("Wrong user name or password");
        browser.screenshot("login-refused");
    }

    @Test
    @Order(3)
    void theAlertListShowsTheIngestedAlertsWithTheirFaces() {
        browser.logIn(dashboard.url(), TestDashboard.ADMIN, TestDashboard.ADMIN_PASSWORD);
        browser.waiting()
                .until(d -> d.findElements(By.cssSelector(".alert-card")).size() == 12);
        browser.waiting()
                .until(
                        d -> Boolean.TRUE.equals(
                                browser.script(
                                        "return [...document.querySelectorAll('.thumb img')].every(i => i.complete && i.naturalWidth > 0)")));
        List<WebElement> cards = browser.driver.findElements(By.cssSelector(".alert-card"));
        assertThat(cards.get(0).getText()).contains("loading-bay").contains(TestAlerts.DEVICE.substring(0, 8));
        browser.waiting()
                .until(d -> d.findElement(By.id("live-state")).getText().equals("live"));
        browser.screenshot("alerts");
    }

    @Test
    @Order(4)
    void aNewAlertAppearsAtTheTopWithoutAReload() {
        browser.script("window.notReloaded = true");
        long before = Sql.count(dashboard.database.dataSource(), "SELECT max(id) FROM alert");
        send(Instant.now());
        browser.waiting()
                .until(d -> d.findElements(By.cssSelector(".alert-card")).size() == 13);
        String firstId =
                browser.driver.findElement(By.cssSelector(".alert-card")).getAttribute("data-id");
        assertThat(Long.parseLong(firstId)).isGreaterThan(before);
        assertThat(browser.script("return window.notReloaded === true")).isEqualTo(true);
        assertThat(browser.driver.findElement(By.cssSelector(".alert-card")).getAttribute("class"))
                .contains("fresh");
    }

    @Test
    @Order(5)
    void anAdminMarksAnAlertAsAFalseAlarm() {
        WebElement card =
                browser.driver.findElements(By.cssSelector(".alert-card")).get(1);
        long id = Long.parseLong(card.getAttribute("data-id"));
        card.findElement(By.cssSelector(".pick")).click();
        browser.waitFor(By.id("selection"));
        browser.screenshot("alerts-selected");
        browser.driver
                .findElement(By.cssSelector("#selection button[data-verdict=false_alarm]"))
                .click();
        browser.waiting().until(d -> card.getText().contains("false alarm"));
        assertThat(Sql.strings(
                        dashboard.database.dataSource(),
                        "SELECT review || ' by ' || reviewed_by FROM alert WHERE id = " + id))
                .containsExactly("false_alarm by " + TestDashboard.ADMIN);

        browser.open(dashboard.url() + "/alerts/" + id);
        browser.waiting()
                .until(d -> d.findElement(By.id("review-state")).getText().equals("false alarm"));
        browser.waiting()
                .until(d -> Boolean.TRUE.equals(browser.script(
                        "const i = document.getElementById('alert-image'); return i.complete && i.naturalWidth > 0")));
        String source = Sql.strings(dashboard.database.dataSource(), "SELECT source FROM alert WHERE id = " + id)
                .get(0);
        assertThat(browser.driver.findElement(By.id("alert-facts")).getText())
                .contains("mask_classifier_edgetpu.tflite")
                .contains(source);
        browser.screenshot("alert");
    }

    @Test
    @Order(6)
    void aViewerIsRefusedTheAdminActions() {
        browser.driver.findElement(By.id("logout")).click();
        browser.waiting().until(d -> d.getCurrentUrl().endsWith("/login"));
        browser.logIn(dashboard.url(), TestDashboard.VIEWER, TestDashboard.VIEWER_PASSWORD);
        browser.waiting()
                .until(d -> d.findElements(By.cssSelector(".alert-card")).size() == 13);
        assertThat(browser.driver.findElements(By.cssSelector(".pick"))).isEmpty();
        assertThat(browser.driver.findElements(By.id("selection"))).isEmpty();
        // Even a hand-made request from the viewer's page is refused.
        Object status = browser.driver.executeAsyncScript("const done = arguments[0];"
                + "fetch('/api/alerts/review', {method: 'POST', headers: {'Content-Type': 'application/json',"
                + " 'X-CSRF-Token': document.body.dataset.csrf}, body: JSON.stringify({ids: [1], verdict:"
                + " 'confirmed'})}).then(r => done(r.status));");
        assertThat(((Number) status).intValue()).isEqualTo(403);
        String id = browser.driver.findElement(By.cssSelector(".alert-card")).getAttribute("data-id");
        browser.open(dashboard.url() + "/alerts/" + id);
        browser.waitFor(By.id("alert-facts"));
        assertThat(browser.driver.findElements(By.cssSelector(".review-box button")))
                .isEmpty();
    }
}
