package io.maskwatch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * docs/operations.md, for the tests that hold it to the meters the processes serve: every {@code
 * maskwatch_} family a scrape shows must be named there.
 */
public final class OperationsReference {
    private static final Pattern NAME = Pattern.compile("`(maskwatch_[a-z0-9_]+)`");

    private OperationsReference() {}

    /** Every {@code maskwatch_...} name written in backticks in docs/operations.md. */
    public static Set<String> documentedMetrics() throws IOException {
        String doc = Files.readString(SharedData.repoRoot().resolve("docs/operations.md"));
        Set<String> names = new TreeSet<>();
        for (Matcher m = NAME.matcher(doc); m.find(); ) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * MaskWatch's own families in {@code scrape} that docs/operations.md does not name (a histogram's
     * {@code _max} gauge goes with its histogram): empty when the reference describes the scrape.
     */
    public static Set<String> undocumented(PrometheusText scrape) throws IOException {
        Set<String> documented = documentedMetrics();
        return scrape.families().stream()
                .filter(f -> f.startsWith("maskwatch_"))
                .map(f -> f.endsWith("_max") && "histogram".equals(scrape.type(f.substring(0, f.length() - 4)))
                        ? f.substring(0, f.length() - 4)
                        : f)
                .filter(f -> !documented.contains(f))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
