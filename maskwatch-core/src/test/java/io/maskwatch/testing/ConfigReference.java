package io.maskwatch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** The configuration reference in docs/, for the tests that hold it to what the loaders read. */
public final class ConfigReference {
    private ConfigReference() {}

    /** The lines of the reference documents (docs/detection.md, docs/delivery.md, docs/operations.md). */
    public static List<String> lines() throws IOException {
        List<String> docs = new ArrayList<>();
        for (String file : new String[] {"docs/detection.md", "docs/delivery.md", "docs/operations.md"}) {
            docs.addAll(Files.readAllLines(SharedData.repoRoot().resolve(file)));
        }
        return docs;
    }

    /**
     * Whether {@code a.b.c} appears as {@code `a.b.c`}, or as {@code `c`} in the table row of
     * section {@code a.b} (written {@code | `a.b` |} or {@code | `a.b:` |}).
     */
    public static boolean documents(List<String> docs, String key) {
        int dot = key.lastIndexOf('.');
        String section = key.substring(0, dot);
        String name = key.substring(dot + 1);
        for (String line : docs) {
            if (line.contains("`" + key + "`")) {
                return true;
            }
            boolean sectionRow = line.startsWith("| `" + section + "`") || line.startsWith("| `" + section + ":`");
            if (sectionRow && line.contains("`" + name + "`")) {
                return true;
            }
        }
        return false;
    }
}
