package io.maskwatch.app.dashboard;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/**
 * {@code manifest.csv} beside the class folders: one row per exported alert, with what the picture
 * alone does not say (device, camera, when, who judged it). Written as the export goes, under a dot
 * name, and put in place when it is complete; an export that fails leaves the previous one.
 */
final class Manifest implements AutoCloseable {
    static final String FILE = "manifest.csv";
    static final List<String> COLUMNS =
            List.of("id", "class", "device", "source", "event_time", "reviewed_by", "reviewed_at", "file");

    private final Path target;
    private final Path part;
    private final SequenceWriter rows;
    private boolean complete;

    private Manifest(Path target, Path part, BufferedWriter out) throws IOException {
        this.target = target;
        this.part = part;
        this.rows = new CsvMapper().writer().writeValues(out);
    }

    static Manifest start(Path folder) {
        Path target = folder.resolve(FILE);
        Path part = folder.resolve("." + FILE + ".part");
        try {
            Manifest manifest = new Manifest(target, part, Files.newBufferedWriter(part, StandardCharsets.UTF_8));
            manifest.row(COLUMNS);
            return manifest;
        } catch (IOException e) {
            throw ClassFolders.unwritable(part, e);
        }
    }

    /** A row for {@code alert}, whose picture is {@code file} (relative to the folder). */
    void add(ReviewedAlert alert, String className, Path file) {
        try {
            row(List.of(
                    String.valueOf(alert.id()),
                    className,
                    alert.device(),
                    alert.source(),
                    text(alert.eventTime()),
                    alert.reviewedBy() == null ? "" : alert.reviewedBy(),
                    text(alert.reviewedAt()),
                    file.toString()));
        } catch (IOException e) {
            throw ClassFolders.unwritable(part, e);
        }
    }

    /** Every row is written: the manifest replaces the previous one. */
    void complete() {
        try {
            rows.close(); // closes the file too
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            complete = true;
        } catch (IOException e) {
            throw ClassFolders.unwritable(target, e);
        }
    }

    @Override
    public void close() {
        if (!complete) {
            try {
                rows.close();
                Files.deleteIfExists(part);
            } catch (IOException e) {
                // The export's own failure is the one to report.
            }
        }
    }

    /** RFC 4180 (a field with a comma, quote or line break quoted, its quotes doubled). */
    private void row(List<String> fields) throws IOException {
        rows.write(fields);
    }

    private static String text(Instant time) {
        return time == null ? "" : time.toString();
    }
}
