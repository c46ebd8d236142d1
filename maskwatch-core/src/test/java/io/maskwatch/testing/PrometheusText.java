package io.maskwatch.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus' text exposition format (version 0.0.4), for tests that fetch
 * {@code /metrics}. Neither the Prometheus Java client nor Micrometer ships a parser of that format
 * (they only write it), and Prometheus' own is in Go, so this small one reads what a test fetched
 * and refuses anything a scraper could trip on, naming the line:
 *
 * <ul>
 *   <li>every line is a {@code # HELP name text}, a {@code # TYPE name type} or a sample {@code
 *       name{label="value",...} value [timestamp]} (no other comments, no blank lines but the end);
 *   <li>metric and label names are valid, label values correctly escaped, values numbers (or NaN,
 *       +Inf, -Inf);
 *   <li>each family has at most one HELP and one TYPE, and its TYPE comes before its samples; every
 *       sample belongs to a typed family ({@code _bucket}, {@code _sum}, {@code _count} to a
 *       histogram's, a {@code quantile} sample to a summary's);
 *   <li>no series appears twice; a histogram's buckets have an {@code le}, count up, and end with
 *       {@code +Inf}, equal to {@code _count}.
 * </ul>
 */
public final class PrometheusText {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample line: the series' name and labels, and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;
    private final Map<String, String> types;
    private final Map<String, String> helps;

    private PrometheusText(List<Sample> samples, Map<String, String> types, Map<String, String> helps) {
        this.samples = samples;
        this.types = types;
        this.helps = helps;
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} naming the first line that breaks the format. */
    public static PrometheusText parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the text does not end with a line feed");
        }
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> helps = new LinkedHashMap<>();
        Set<String> sampled = new HashSet<>();
        Set<String> series = new HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int number = i + 1;
            try {
                if (line.startsWith("#")) {
                    comment(line, types, helps, sampled);
                } else {
                    Sample sample = sample(line);
                    String family = family(sample, types);
                    sampled.add(family);
                    if (!series.add(sample.name() + new TreeMap<>(sample.labels()))) {
                        throw new IllegalArgumentException("the series appears twice");
                    }
                    samples.add(sample);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + number + " '" + line + "': " + e.getMessage(), e);
            }
        }
        PrometheusText parsed = new PrometheusText(samples, types, helps);
        parsed.checkHistograms();
        return parsed;
    }

    private static void comment(
            String line, Map<String, String> types, Map<String, String> helps, Set<String> sampled) {
        String[] parts = line.split(" ", 4);
        if (parts.length < 3 || !parts[0].equals("#") || !(parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
            throw new IllegalArgumentException("a comment line must be '# HELP name text' or '# TYPE name type'");
        }
        String name = parts[2];
        requireMatch(METRIC_NAME, name, "metric name");
        if (parts[1].equals("HELP")) {
            String help = parts.length == 4 ? parts[3] : "";
            checkEscapes(help);
            if (helps.put(name, help) != null) {
                throw new IllegalArgumentException("a second HELP for " + name);
            }
            return;
        }
        if (parts.length != 4 || !TYPES.contains(parts[3])) {
            throw new IllegalArgumentException("the type must be one of " + TYPES);
        }
        if (sampled.contains(name)) {
            throw new IllegalArgumentException("TYPE of " + name + " after its samples");
        }
        if (types.put(name, parts[3]) != null) {
            throw new IllegalArgumentException("a second TYPE for " + name);
        }
    }

    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        requireMatch(METRIC_NAME, name, "metric name");
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException("expected a space and the value after the series");
        }
        String[] rest = line.substring(i + 1).split(" ", -1);
        if (rest.length > 2) {
            throw new IllegalArgumentException("expected a value and at most a timestamp");
        }
        double value = number(rest[0]);
        if (rest.length == 2 && !rest[1].matches("-?\\d+")) {
            throw new IllegalArgumentException("the timestamp must be whole milliseconds, got '" + rest[1] + "'");
        }
        return new Sample(name, Map.copyOf(labels), value);
    }

    /** Reads {@code name="value",...}} from {@code at} (after the brace); returns the index after the closing brace. */
    private static int labels(String line, int at, Map<String, String> labels) {
        int i = at;
        while (true) {
            if (i < line.length() && line.charAt(i) == '}') {
                return i + 1;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0) {
                throw new IllegalArgumentException("a label without '='");
            }
            String label = line.substring(i, eq);
            requireMatch(LABEL_NAME, label, "label name");
            if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("the value of label " + label + " is not quoted");
            }
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            for (; ; j++) {
                if (j >= line.length()) {
                    throw new IllegalArgumentException("the value of label " + label + " is not closed");
                }
                char c = line.charAt(j);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    j++;
                    char escaped = j < line.length() ? line.charAt(j) : ' ';
                    switch (escaped) {
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        case 'n' -> value.append('\n');
                        default -> throw new IllegalArgumentException("a bad escape in the value of label " + label);
                    }
                } else {
                    value.append(c);
                }
            }
            if (labels.put(label, value.toString()) != null) {
                throw new IllegalArgumentException("label " + label + " twice");
            }
            i = j + 1;
            if (i < line.length() && line.charAt(i) == ',') {
                i++;
            } else if (i >= line.length() || line.charAt(i) != '}') {
                throw new IllegalArgumentException("expected ',' or '}' after the value of label " + label);
            }
        }
    }

    private static double number(String text) {
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                if (!text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                    throw new IllegalArgumentException("'" + text + "' is not a number");
                }
                return Double.parseDouble(text);
        }
    }

    /** The typed family a sample belongs to (its own name, or a histogram's or summary's). */
    private static String family(Sample sample, Map<String, String> types) {
        String name = sample.name();
        if (types.containsKey(name)) {
            String type = types.get(name);
            if (type.equals("histogram")) {
                throw new IllegalArgumentException("a histogram has only _bucket, _sum and _count samples");
            }
            if (sample.labels().containsKey("quantile") != type.equals("summary")) {
                throw new IllegalArgumentException("only a summary's samples have a quantile label");
            }
            return name;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (name.endsWith(suffix)) {
                String family = name.substring(0, name.length() - suffix.length());
                String type = types.get(family);
                boolean histogram = "histogram".equals(type);
                if (histogram || ("summary".equals(type) && !suffix.equals("_bucket"))) {
                    if (suffix.equals("_bucket") && !sample.labels().containsKey("le")) {
                        throw new IllegalArgumentException("a bucket without its le label");
                    }
                    return family;
                }
            }
        }
        throw new IllegalArgumentException("no TYPE line before the samples of " + name);
    }

    /** Buckets count up and end at +Inf, which equals the count. */
    private void checkHistograms() {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<Map<String, String>, List<Sample>> buckets = new HashMap<>();
            for (Sample s : samples) {
                if (s.name().equals(family + "_bucket")) {
                    Map<String, String> series = new HashMap<>(s.labels());
                    series.remove("le");
                    buckets.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
                }
            }
            buckets.forEach((series, list) -> {
                List<Sample> sorted = new ArrayList<>(list);
                sorted.sort((a, b) -> Double.compare(
                        number(a.labels().get("le")), number(b.labels().get("le"))));
                for (int i = 1; i < sorted.size(); i++) {
                    if (sorted.get(i).value() < sorted.get(i - 1).value()) {
                        throw new IllegalArgumentException(family + series + ": the buckets do not count up");
                    }
                }
                Sample last = sorted.get(sorted.size() - 1);
                if (!last.labels().get("le").equals("+Inf")) {
                    throw new IllegalArgumentException(family + series + ": no +Inf bucket");
                }
                double count = valueOf(family + "_count", series);
                if (count != last.value()) {
                    throw new IllegalArgumentException(family + series + ": the +Inf bucket is not the count");
                }
            });
        });
    }

    private double valueOf(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .mapToDouble(Sample::value)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + name + labels));
    }

    private static void requireMatch(Pattern pattern, String text, String what) {
        if (!pattern.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a valid " + what);
        }
    }

    /** HELP text escapes only backslash and line feed. */
    private static void checkEscapes(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                char next = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
                if (next != '\\' && next != 'n') {
                    throw new IllegalArgumentException("a bad escape in the HELP text");
                }
                i++;
            }
        }
    }

    /** Every sample named {@code name} whose labels include {@code labels} (name, value, name, value...). */
    public List<Sample> samples(String name, String... labels) {
        Map<String, String> wanted = pairs(labels);
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(wanted.entrySet()))
                .toList();
    }

    /** The value of the one sample {@code name} with {@code labels}; fails when there is none or more than one. */
    public double value(String name, String... labels) {
        List<Sample> found = samples(name, labels);
        if (found.size() != 1) {
            throw new AssertionError("expected one sample " + name + pairs(labels) + ", found " + found);
        }
        return found.get(0).value();
    }

    /** The sum of the samples {@code name} with {@code labels} (0 when there is none). */
    public double sum(String name, String... labels) {
        return samples(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    /** The families the text declares (their TYPE lines), in order. */
    public Set<String> families() {
        return java.util.Collections.unmodifiableSet(types.keySet());
    }

    /** The TYPE of family {@code name}, or null. */
    public String type(String name) {
        return types.get(name);
    }

    /** The HELP of family {@code name}, or null. */
    public String help(String name) {
        return helps.get(name);
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    private static Map<String, String> pairs(String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in pairs: name, value");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return map;
    }
}
