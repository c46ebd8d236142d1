package io.maskwatch.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.maskwatch.edge.config.DeviceConfig;
import io.maskwatch.edge.dispatch.DispatchConfig;
import io.maskwatch.edge.dispatch.DispatchListener;
import io.maskwatch.edge.dispatch.Dispatcher;
import io.maskwatch.edge.dispatch.HeartbeatConfig;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.edge.store.ModelNames;
import io.maskwatch.server.ingress.IngressService;
import io.maskwatch.server.telemetry.TelemetryService;
import io.maskwatch.server.testing.Browser;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.web.TestDashboard;
import io.maskwatch.wire.KafkaSettings;
import io.maskwatch.wire.TopicSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The compliance chart and the devices page in headless Chromium, fed by a real device's
 * dispatcher: counts and heartbeats from its SQLite store through the real broker and the
 * server's telemetry consumer into PostgreSQL. When the device falls silent, the page shows it
 * stale. Screenshots land in {@code target/screenshots}.
 */
class DashboardChainBrowserTest {
    static final String DEVICE = "entrance-pi-1";

    @TempDir
    Path dir;

    @Test
    void aDispatchersCountsBecomeTheChartAndASilentDeviceTurnsStale() throws IOException {
        try (Browser browser = Browser.start();
                TestDashboard dashboard = new TestDashboard()) {
            TopicSettings topics = TestInfra.newTopics();
            try (IngressService ingress = new IngressService(
                            TestInfra.kafkaClients(), topics, dashboard.database.dataSource(), "ui");
                    TelemetryService telemetry = new TelemetryService(
                            TestInfra.kafkaClients(), topics, dashboard.database.dataSource(), "ui");
                    EventStore store = EventStore.open(dir.resolve("device.db"))) {
                ingress.start();
                telemetry.start();
                // A working day at two doors, one count per hour of the last 24.
                Instant now = Instant.now();
                long withMask = 0;
                long withoutMask = 0;
                for (int h = 0; h < 24; h++) {
                    int with = 20 + (h * 7) % 31;
                    int without = (h * 5) % 9;
                    String source = h % 3 == 0 ? "side-door" : "front-door";
                    store.addCompliance(
                            source, now.minus(Duration.ofHours(h)).minus(Duration.ofMinutes(1)), with, without);
                    withMask += with;
                    withoutMask += without;
                }
                Dispatcher dispatcher = Dispatcher.create(
                        new DispatchConfig(
                                new DeviceConfig(DEVICE, "Raspberry Pi 5", null),
                                dir.resolve("device.db"),
                                KafkaSettings.plaintext(TestInfra.kafka().bootstrapServers()),
                                topics,
                                new HeartbeatConfig(
                                        Duration.ofSeconds(1),
                                        48.8566,
                                        2.3522,
                                        List.of("front-door", "side-door"),
                                        new ModelNames("face_detection_yunet_2023mar.onnx", "maskwatch-20261122"))),
                        store,
                        name -> null,
                        DispatchListener.NONE);
                dispatcher.start();

                browser.logIn(dashboard.url(), TestDashboard.VIEWER, TestDashboard.VIEWER_PASSWORD);
                browser.waitFor(By.cssSelector(".topbar"));
                String expectedWith = String.format("%,d", withMask);
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofSeconds(2))
                        .until(
                                () -> shownOn(browser, dashboard.url() + "/compliance", By.id("with-mask")),
                                expectedWith::equals);
                assertThat(browser.driver.findElement(By.id("without-mask")).getText())
                        .isEqualTo(String.format("%,d", withoutMask));
                browser.waitFor(By.cssSelector("#compliance-chart[data-buckets]"));
                assertThat(browser.driver.findElement(By.id("compliance-chart")).getAttribute("data-buckets"))
                        .isEqualTo("24");
                // What the chart holds is what the device counted, hour by hour.
                assertThat(
                                browser.script(
                                        "const o = echarts.getInstanceByDom(document.getElementById("
                                                + "'compliance-chart')).getOption(); return o.series[0].data.reduce((a, b) => a + b, 0)"))
                        .isEqualTo(withMask);
                assertThat(browser.script("return document.querySelectorAll('#compliance-chart canvas').length"))
                        .isEqualTo(1L);
                assertThat(browser.driver.findElement(By.id("by-source")).getText())
                        .contains("front-door")
                        .contains("side-door");
                browser.screenshot("compliance");
                // The page's CSV link gives the same counts, fetched with the browser's own session.
                String csv = (String) browser.script("const x = new XMLHttpRequest();"
                        + " x.open('GET', document.getElementById('compliance-csv').href, false); x.send();"
                        + " return x.status + '\\n' + x.responseText");
                assertThat(csv).startsWith("200\nstart,time_zone,device,source,with_mask,without_mask,compliance\n");
                assertThat(csvColumnSum(csv.substring(csv.indexOf('\n') + 1), "with_mask"))
                        .isEqualTo(withMask);
                assertThat(csvColumnSum(csv.substring(csv.indexOf('\n') + 1), "without_mask"))
                        .isEqualTo(withoutMask);

                browser.open(dashboard.url() + "/devices");
                By row = By.cssSelector("tr[data-device='" + DEVICE + "']");
                browser.waitFor(row);
                assertThat(browser.driver.findElement(row).getText())
                        .contains("live")
                        .contains("Raspberry Pi 5")
                        .contains("maskwatch-20261122")
                        .contains("48.8566");
                browser.screenshot("devices");

                // The device falls silent: its heartbeats stop, and past device_stale_seconds the page says so.
                dispatcher.close();
                dashboard.clock.advance(Duration.ofMinutes(6));
                browser.open(dashboard.url() + "/devices");
                browser.waiting().until(d -> d.findElement(row).getText().contains("stale"));
                browser.screenshot("devices-stale");
            }
        }
    }

    /** Opens {@code url} and gives the text of {@code what} once the page has filled it in. */
    private static String shownOn(Browser browser, String url, By what) {
        browser.open(url);
        return new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> {
            String text = d.findElement(what).getText();
            return text.equals("–") ? null : text;
        });
    }

    /** The sum of one column of a CSV file with a header row, read as a spreadsheet would. */
    private static long csvColumnSum(String text, String column) throws IOException {
        long sum = 0;
        try (MappingIterator<Map<String, String>> rows = new CsvMapper()
                .readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(text)) {
            while (rows.hasNext()) {
                sum += Long.parseLong(rows.next().get(column));
            }
        }
        return sum;
    }
}
