package io.maskwatch.server.web.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.server.config.RetentionSettings;
import io.maskwatch.server.privacy.ArchiveRetention;
import io.maskwatch.server.testing.AlertRows;
import io.maskwatch.server.testing.Browser;
import io.maskwatch.server.testing.Sql;
import io.maskwatch.server.web.TestDashboard;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The privacy parts of the pages in headless Chromium: an alert whose face retention deleted says
 * so (page and list), and an admin deletes an alert from its page and a selection from the list,
 * each after saying why; cancelling the question deletes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrivacyBrowserTest {
    static TestDashboard dashboard;
    static DataSource ds;
    static Browser browser;

    @BeforeAll
    static void start() {
        browser = Browser.start();
        dashboard = new TestDashboard();
        ds = dashboard.database.dataSource();
        // Six alerts seen 1 h, 1 d 1 h, ... 5 d 1 h ago; faces kept 3 days: the three oldest lose theirs.
        AlertRows.insertEachWithItsImage(
                ds, 6, 1, dashboard.clock.instant().minus(Duration.ofHours(1)), Duration.ofDays(1));
        new ArchiveRetention(ds, new RetentionSettings(3, 0), dashboard.clock).runOnce();
        browser.logIn(dashboard.url(), TestDashboard.ADMIN, TestDashboard.ADMIN_PASSWORD);
        browser.waiting().until(d -> d.getCurrentUrl().endsWith("/alerts"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
    }

    /** Alert ids, newest first. */
    private static List<Long> ids() {
        return Sql.longs(ds, "SELECT id FROM alert ORDER BY event_time DESC");
    }

    /** Answers the page's "why?" question with {@code reason}, or cancels it (null). */
    private static void answer(String reason) {
        Alert question = browser.waiting().until(ExpectedConditions.alertIsPresent());
        assertThat(question.getText()).contains("cannot be undone").contains("Why?");
        if (reason == null) {
            question.dismiss();
        } else {
            question.sendKeys(reason);
            question.accept();
        }
    }

    @Test
    @Order(1)
    void aFaceDeletedByRetentionIsSaidSoOnItsPageAndInTheList() {
        long faceless = ids().get(4);
        browser.open(dashboard.url() + "/alerts/" + faceless);
        WebElement note = browser.waitFor(By.id("image-deleted"));
        assertThat(note.getText())
                .startsWith("Face image deleted by retention on")
                .contains("retention.image_days");
        assertThat(browser.driver.findElement(By.id("alert-image")).isDisplayed())
                .isFalse();
        browser.screenshot("alert-face-deleted-by-retention");

        browser.open(dashboard.url() + "/alerts");
        browser.waiting()
                .until(d ->
                        d.findElements(By.cssSelector(".alert-card .no-image")).size() == 3);
        assertThat(browser.driver.findElements(By.cssSelector(".alert-card img")))
                .hasSize(3);
    }

    @Test
    @Order(2)
    void anAdminDeletesAnAlertFromItsPageAfterSayingWhy() {
        long id = ids().get(0);
        browser.open(dashboard.url() + "/alerts/" + id);
        browser.waitFor(By.id("delete-alert")).click();
        answer("shown to the wrong camera");
        browser.waiting().until(d -> d.getCurrentUrl().endsWith("/alerts"));
        assertThat(ids()).doesNotContain(id).hasSize(5);
        assertThat(Sql.strings(ds, "SELECT actor || ': ' || reason FROM audit_log WHERE action = 'delete'"))
                .containsExactly(TestDashboard.ADMIN + ": shown to the wrong camera");
    }

    @Test
    @Order(3)
    void anAdminDeletesTheSelectionFromTheListAndCancellingDeletesNothing() {
        browser.open(dashboard.url() + "/alerts");
        browser.waiting()
                .until(d -> d.findElements(By.cssSelector(".alert-card")).size() == 5);
        List<WebElement> cards = browser.driver.findElements(By.cssSelector(".alert-card"));
        List<Long> chosen = List.of(
                Long.parseLong(cards.get(0).getAttribute("data-id")),
                Long.parseLong(cards.get(1).getAttribute("data-id")));
        cards.get(0).findElement(By.cssSelector(".pick")).click();
        cards.get(1).findElement(By.cssSelector(".pick")).click();

        browser.waitFor(By.id("delete-selected")).click();
        answer(null);
        assertThat(ids()).as("cancelled").hasSize(5);

        browser.waitFor(By.id("delete-selected")).click();
        answer("subject access request 7");
        browser.waiting()
                .until(d -> d.findElements(By.cssSelector(".alert-card")).size() == 3);
        assertThat(ids()).hasSize(3).doesNotContainAnyElementsOf(chosen);
        assertThat(browser.driver.findElement(By.id("selection")).isDisplayed()).isFalse();
        browser.screenshot("alerts-after-deleting-a-selection");
    }
}
