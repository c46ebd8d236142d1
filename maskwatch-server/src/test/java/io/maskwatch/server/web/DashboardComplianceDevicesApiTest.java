package io.maskwatch.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.maskwatch.server.testing.Sql;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/compliance} (hours, days in the viewer's zone, filters), its CSV export and
 * {@code GET /api/devices}.
 */
class DashboardComplianceDevicesApiTest {
    static TestDashboard dashboard;
    static DashboardClient viewer;

    @BeforeAll
    static void start() {
        dashboard = new TestDashboard();
        viewer = dashboard.viewer();
        // Paris is UTC+1 in winter: 23:30 UTC on 1 December is already 2 December there.
        Sql.update(dashboard.database.dataSource(), """
                INSERT INTO compliance_minute (device_id, source, minute, with_mask, without_mask) VALUES
                  ('pi-1', 'front', '2026-12-01T10:00:00Z', 30, 2),
                  ('pi-1', 'front', '2026-12-01T10:01:00Z', 10, 0),
                  ('pi-1', 'back',  '2026-12-01T11:15:00Z', 5, 5),
                  ('pi-2', 'front', '2026-12-01T23:30:00Z', 7, 1),
                  ('pi-2', 'front', '2026-12-02T09:00:00Z', 20, 0),
                  ('pi-3', 'gate "A", north', '2026-11-20T12:00:00Z', 3, 1),
                  ('pi-3', 'side', '2026-11-20T12:00:00Z', 0, 0)""");
        Sql.update(
                dashboard.database.dataSource(),
                "INSERT INTO device (id, type, latitude, longitude, software_version, face_model, mask_model, sources,"
                        + " last_heartbeat_at, backlog, oldest_unsent_at) VALUES ('pi-1', 'Raspberry Pi 4', 48.85, 2.35,"
                        + " '0.1.0', 'yunet.onnx', 'maskwatch-1', ARRAY['front','back'], '"
                        + dashboard.clock.instant() + "', 3, '"
                        + dashboard.clock.instant().minusSeconds(40)
                        + "'), ('pi-2', 'PC', 0, 0, NULL, NULL, NULL, NULL, '"
                        + dashboard.clock.instant().minus(Duration.ofHours(2)) + "', 0, NULL)");
    }

    @AfterAll
    static void stop() {
        dashboard.close();
    }

    @Test
    void hoursSumTheMinutesOfEachHour() {
        JsonNode report = viewer.json("/api/compliance?bucket=hour&from=2026-12-01T00:00:00Z&to=2026-12-03T00:00:00Z");
        JsonNode series = report.get("series");
        assertThat(series).hasSize(4);
        assertThat(series.get(0).get("start").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(series.get(0).get("with_mask").asLong()).isEqualTo(40);
        assertThat(series.get(0).get("without_mask").asLong()).isEqualTo(2);
        assertThat(series.get(0).get("rate").asDouble()).isEqualTo(40.0 / 42);
        assertThat(series.get(1).get("rate").asDouble()).isEqualTo(0.5);
    }

    @Test
    void daysAreCutAtMidnightInTheAskedZone() {
        String range = "&from=2026-11-30T00:00:00Z&to=2026-12-03T00:00:00Z";
        JsonNode utc = viewer.json("/api/compliance?bucket=day" + range).get("series");
        assertThat(utc).hasSize(2);
        assertThat(utc.get(0).get("with_mask").asLong()).isEqualTo(30 + 10 + 5 + 7);
        JsonNode paris = viewer.json("/api/compliance?bucket=day&tz=Europe/Paris" + range)
                .get("series");
        assertThat(paris).hasSize(2);
        assertThat(paris.get(0).get("start").asText()).isEqualTo("2026-11-30T23:00:00Z");
        assertThat(paris.get(0).get("with_mask").asLong()).isEqualTo(30 + 10 + 5);
        assertThat(paris.get(1).get("with_mask").asLong()).isEqualTo(7 + 20);
    }

    @Test
    void filtersByDeviceAndSourceAndListsEachSource() {
        String range = "&from=2026-11-30T00:00:00Z&to=2026-12-03T00:00:00Z";
        JsonNode front = viewer.json("/api/compliance?bucket=day&device=pi-1&source=front" + range);
        assertThat(front.get("series").get(0).get("with_mask").asLong()).isEqualTo(40);
        JsonNode all = viewer.json("/api/compliance?bucket=day" + range).get("by_source");
        assertThat(all).hasSize(3);
        assertThat(all.get(0).get("device_id").asText()).isEqualTo("pi-1");
        assertThat(all.get(0).get("source").asText()).isEqualTo("back");
        assertThat(all.get(0).get("rate").asDouble()).isEqualTo(0.5);
    }

    @Test
    void theCsvHasARowPerBucketDeviceAndSourceOnTheSitesWallClock() throws Exception {
        String query = "?bucket=hour&tz=Europe/Paris&from=2026-12-01T00:00:00Z&to=2026-12-03T00:00:00Z";
        HttpResponse<String> response = viewer.get("/api/compliance.csv" + query);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .isEqualTo("attachment; filename=\"maskwatch-compliance-hour-20261201-20261203.csv\"");
        List<List<String>> rows = csv(response.body());
        assertThat(rows.get(0))
                .containsExactly("start", "time_zone", "device", "source", "with_mask", "without_mask", "compliance");
        // Paris is UTC+1: 10:00 UTC is 11:00 there, and 23:30 UTC on 1 December is 2 December.
        assertThat(rows.subList(1, rows.size()))
                .containsExactly(
                        List.of("2026-12-01 11:00", "Europe/Paris", "pi-1", "front", "40", "2", "0.9524"),
                        List.of("2026-12-01 12:00", "Europe/Paris", "pi-1", "back", "5", "5", "0.5000"),
                        List.of("2026-12-02 00:00", "Europe/Paris", "pi-2", "front", "7", "1", "0.8750"),
                        List.of("2026-12-02 10:00", "Europe/Paris", "pi-2", "front", "20", "0", "1.0000"));
        // The same people as the chart's series.
        long charted = 0;
        for (JsonNode bucket : viewer.json("/api/compliance" + query).get("series")) {
            charted += bucket.get("with_mask").asLong()
                    + bucket.get("without_mask").asLong();
        }
        long exported = rows.stream()
                .skip(1)
                .mapToLong(r -> Long.parseLong(r.get(4)) + Long.parseLong(r.get(5)))
                .sum();
        assertThat(exported).isEqualTo(charted).isEqualTo(42 + 10 + 8 + 20);
    }

    @Test
    void theCsvQuotesWhatNeedsItAndLeavesTheRateEmptyWhenNobodyWasSeen() throws Exception {
        HttpResponse<String> response =
                viewer.get("/api/compliance.csv?bucket=day&from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z");

        assertThat(response.body()).contains("\"gate \"\"A\"\", north\"");
        assertThat(csv(response.body()).subList(1, 3))
                .containsExactly(
                        List.of("2026-11-20 00:00", "UTC", "pi-3", "gate \"A\", north", "3", "1", "0.7500"),
                        List.of("2026-11-20 00:00", "UTC", "pi-3", "side", "0", "0", ""));
    }

    @Test
    void theCsvRefusesABadParameterByName() {
        HttpResponse<String> response = viewer.get("/api/compliance.csv?tz=Mars/Olympus");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("tz");
    }

    /** Parsed as a spreadsheet would: RFC 4180 rows of cells. */
    private static List<List<String>> csv(String text) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<List<String>> it = new CsvMapper()
                .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .readerFor(new TypeReference<List<String>>() {})
                .readValues(text)) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void devicesShowWhatTheyRunTheirBacklogAndWhetherTheyAreStale() {
        JsonNode devices = viewer.json("/api/devices").get("devices");
        assertThat(devices).hasSize(2);
        JsonNode pi1 = devices.get(0);
        assertThat(pi1.get("id").asText()).isEqualTo("pi-1");
        assertThat(pi1.get("stale").asBoolean()).isFalse();
        assertThat(pi1.get("mask_model").asText()).isEqualTo("maskwatch-1");
        assertThat(pi1.get("backlog").asLong()).isEqualTo(3);
        assertThat(pi1.get("sources")).hasSize(2);
        // PostgreSQL keeps microseconds, rounding the clock's nanoseconds.
        assertThat(Instant.parse(pi1.get("oldest_unsent_at").asText()))
                .isCloseTo(
                        dashboard.clock.instant().minusSeconds(40),
                        org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MICROS));
        assertThat(devices.get(1).get("stale").asBoolean()).as("silent for 2 h").isTrue();
        assertThat(devices.get(1).get("sources")).isEmpty();
    }
}
