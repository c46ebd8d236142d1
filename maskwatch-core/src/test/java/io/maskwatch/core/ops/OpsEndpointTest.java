package io.maskwatch.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.maskwatch.testing.OpsClient;
import io.maskwatch.testing.PrometheusText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The small endpoint over HTTP: metrics in Prometheus' format, health that says which check fails and why. */
class OpsEndpointTest {

    @Test
    void metricsAreTheRegistrysInPrometheusTextFormatWithTheJvmsMeters() {
        try (ProcessOps ops = new ProcessOps()) {
            Counter.builder("maskwatch.test.things")
                    .tag("source", "gate \"1\"")
                    .register(ops.registry())
                    .increment(3);
            Timer timer = Timer.builder("maskwatch.test.stage")
                    .publishPercentileHistogram()
                    .register(ops.registry());
            timer.record(Duration.ofMillis(7));
            timer.record(Duration.ofMillis(40));
            OpsEndpoint endpoint = ops.serve(new OpsSettings("127.0.0.1", null), OpsClient.freePort())
                    .orElseThrow();

            PrometheusText metrics = OpsClient.onLocalPort(endpoint.port()).metrics();

            assertThat(metrics.value("maskwatch_test_things_total", "source", "gate \"1\""))
                    .isEqualTo(3);
            assertThat(metrics.type("maskwatch_test_things_total")).isEqualTo("counter");
            assertThat(metrics.type("maskwatch_test_stage_seconds")).isEqualTo("histogram");
            assertThat(metrics.value("maskwatch_test_stage_seconds_count")).isEqualTo(2);
            assertThat(metrics.value("maskwatch_test_stage_seconds_bucket", "le", "+Inf"))
                    .isEqualTo(2);
            assertThat(metrics.value("maskwatch_test_stage_seconds_sum")).isEqualTo(0.047, within());
            assertThat(metrics.sum("jvm_memory_used_bytes")).isPositive();
            assertThat(metrics.samples("jvm_threads_live_threads")).isNotEmpty();
            assertThat(metrics.samples("jvm_classes_loaded_classes")).isNotEmpty();
            assertThat(metrics.samples("process_uptime_seconds")).isNotEmpty();
            assertThat(metrics.samples("system_cpu_count")).isNotEmpty();
            assertThat(metrics.samples("maskwatch_ready")).isNotEmpty();
        }
    }

    @Test
    void healthIsReadyWhileEveryCheckPassesAndOtherwiseNamesTheCheckAndWhy() {
        try (ProcessOps ops = new ProcessOps()) {
            AtomicReference<Health.Status> store = new AtomicReference<>(Health.Status.ok());
            ops.health().add("store", store::get);
            ops.health().add("postgres", Health.Status::ok);
            OpsClient client = OpsClient.onLocalPort(ops.serve(new OpsSettings("127.0.0.1", OpsClient.freePort()), 1)
                    .orElseThrow()
                    .port());
            await().atMost(Duration.ofSeconds(10)).until(() -> client.health().ready());
            OpsClient.HealthAnswer ready = client.health();
            assertThat(ready.body().get("status").asText()).isEqualTo("up");
            assertThat(ready.body().get("live").asBoolean()).isTrue();
            assertThat(ready.statusOf("store")).isEqualTo("up");

            store.set(Health.Status.down("the disk is full"));
            ops.health().checkSoon();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.health().status() == 503);
            OpsClient.HealthAnswer down = client.health();
            assertThat(down.body().get("ready").asBoolean()).isFalse();
            assertThat(down.body().get("live").asBoolean()).isTrue();
            assertThat(down.statusOf("store")).isEqualTo("down");
            assertThat(down.reason("store")).isEqualTo("the disk is full");
            assertThat(down.body().path("checks").path("store").path("since").asText())
                    .endsWith("Z");
            assertThat(down.statusOf("postgres")).isEqualTo("up");
            PrometheusText metrics = client.metrics();
            assertThat(metrics.value("maskwatch_ready")).isZero();
            assertThat(metrics.value("maskwatch_health_check", "check", "store"))
                    .isZero();
            assertThat(metrics.value("maskwatch_health_check", "check", "postgres"))
                    .isEqualTo(1);

            ops.health().add("store", () -> {
                throw new IllegalStateException("closed");
            });
            ops.health().checkSoon();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> client.health().reason("store").contains("closed"));

            assertThat(client.get("/other").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aBusyPortLeavesTheProcessRunningWithoutTheEndpointAndPortZeroTurnsItOff() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ProcessOps ops = new ProcessOps()) {
            Optional<OpsEndpoint> none = ops.serve(new OpsSettings("127.0.0.1", taken.getLocalPort()), 1);
            assertThat(none).isEmpty();
            assertThat(ops.serve(new OpsSettings("127.0.0.1", null), 0)).isEmpty();
            assertThat(ops.serve(new OpsSettings("no-such-host.invalid", null), OpsClient.freePort()))
                    .isEmpty();
        }
    }

    @Test
    void theParserRefusesWhatAScraperWouldTripOn() {
        String good = "# HELP a_total Things.\n# TYPE a_total counter\na_total{x=\"1\"} 2.0\n";
        assertThat(PrometheusText.parse(good).value("a_total", "x", "1")).isEqualTo(2);
        for (String bad : new String[] {
            "a_total 1\n", // no TYPE
            "# TYPE a_total counter\na_total{x=1} 2\n", // unquoted label value
            "# TYPE a_total counter\na_total{x=\"1\"} two\n", // not a number
            "# TYPE a_total counter\na_total 1\na_total 2\n", // the same series twice
            "# TYPE a_total counter\n# just a comment\na_total 1\n", // another comment
            "# TYPE a_total counter\n\na_total 1\n", // a blank line
            "# TYPE a_total counter\na_total 1", // no final line feed
            "# TYPE 1a counter\n", // a bad name
            "# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_bucket{le=\"+Inf\"} 2\nh_count 2\nh_sum 1\n", // not cumulative
            "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 3\nh_sum 1\n", // +Inf is not the count
            "# TYPE a_total counter\na_total{x=\"\\q\"} 1\n", // a bad escape
        }) {
            assertThatThrownBy(() -> PrometheusText.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-6);
    }
}
