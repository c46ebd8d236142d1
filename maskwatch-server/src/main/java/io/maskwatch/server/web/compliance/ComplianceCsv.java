package io.maskwatch.server.web.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The compliance counts as a CSV file for a spreadsheet (RFC 4180, a header row): one row per hour
 * or day, device and source, the time on the site's wall clock with its zone beside it, so that a
 * safety team's weekly report needs no time arithmetic.
 */
final class ComplianceCsv {
    static final List<String> COLUMNS =
            List.of("start", "time_zone", "device", "source", "with_mask", "without_mask", "compliance");
    private static final CsvMapper CSV = new CsvMapper();
    private static final DateTimeFormatter WALL_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter FILE_DATE = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    private ComplianceCsv() {}

    static String write(ComplianceQuery q, List<ComplianceRow> rows) {
        List<List<Object>> table = new ArrayList<>(rows.size() + 1);
        table.add(List.copyOf(COLUMNS));
        for (ComplianceRow r : rows) {
            Double rate = ComplianceReport.rate(r.withMask(), r.withoutMask());
            List<Object> row = new ArrayList<>(COLUMNS.size());
            row.add(WALL_CLOCK.format(r.start()));
            row.add(q.zone().getId());
            row.add(r.deviceId());
            row.add(r.source());
            row.add(r.withMask());
            row.add(r.withoutMask());
            // Nobody seen: an empty cell, not 0 %, which would read as nobody masked.
            row.add(rate == null ? "" : String.format(Locale.ROOT, "%.4f", rate));
            table.add(row);
        }
        try {
            return CSV.writeValueAsString(table);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** e.g. {@code maskwatch-compliance-day-20261201-20261208.csv}, dates in the asked zone. */
    static String fileName(ComplianceQuery q) {
        return "maskwatch-compliance-" + q.bucket() + "-"
                + FILE_DATE.format(q.from().atZone(q.zone())) + "-" + FILE_DATE.format(q.to().atZone(q.zone()))
                + ".csv";
    }
}
