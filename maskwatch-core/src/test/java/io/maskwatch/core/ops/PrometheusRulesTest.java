package io.maskwatch.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.maskwatch.testing.OperationsReference;
import io.maskwatch.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus files of config/prometheus hold together: the scrape configuration loads the rules
 * file, each rule is an alert with an expression, a severity and a summary, and every MaskWatch
 * metric an expression uses is one docs/operations.md describes (and so one the processes serve:
 * the metrics tests hold the reference to their scrapes). promtool checks the syntax of the
 * expressions themselves (see the files' first lines).
 */
class PrometheusRulesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern METRIC = Pattern.compile("maskwatch_[a-z0-9_]+");

    @Test
    void everyAlertIsCompleteAndUsesOnlyDocumentedMetrics() throws Exception {
        Path dir = SharedData.repoRoot().resolve("config/prometheus");
        JsonNode scrape = YAML.readTree(dir.resolve("prometheus.yml").toFile());
        assertThat(scrape.get("rule_files").get(0).asText()).isEqualTo("maskwatch-rules.yml");
        assertThat(scrape.get("scrape_configs").findValuesAsText("job_name"))
                .contains("maskwatch-server", "maskwatch-devices");

        JsonNode rules = YAML.readTree(dir.resolve("maskwatch-rules.yml").toFile());
        Set<String> documented = OperationsReference.documentedMetrics();
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                String alert = rule.path("alert").asText();
                alerts.add(alert);
                assertThat(alert).as("a rule without an alert name").startsWith("MaskWatch");
                assertThat(rule.path("labels").path("severity").asText())
                        .as(alert)
                        .isNotEmpty();
                assertThat(rule.path("annotations").path("summary").asText())
                        .as(alert)
                        .isNotEmpty();
                String expr = rule.path("expr").asText();
                for (Matcher m = METRIC.matcher(expr); m.find(); ) {
                    assertThat(documented).as(alert + " uses " + m.group()).contains(m.group());
                }
            }
        }
        assertThat(alerts)
                .contains("MaskWatchDeviceSilent", "MaskWatchBacklogGrowing", "MaskWatchSourceDown")
                .doesNotHaveDuplicates();
        String doc = java.nio.file.Files.readString(SharedData.repoRoot().resolve("docs/operations.md"));
        assertThat(alerts).allMatch(alert -> doc.contains("`" + alert + "`"));
    }
}
