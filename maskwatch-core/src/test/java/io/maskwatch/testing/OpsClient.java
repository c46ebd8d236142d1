package io.maskwatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A process's {@code /metrics} and {@code /health}, fetched over HTTP as Prometheus and a probe fetch them. */
public final class OpsClient {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;

    /** @param base e.g. {@code http://127.0.0.1:9464} */
    public OpsClient(String base) {
        this.base = base;
    }

    public static OpsClient onLocalPort(int port) {
        return new OpsClient("http://127.0.0.1:" + port);
    }

    /** A port nobody listens on now, for a process under test to take. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create(base + path))
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + base + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code /metrics}, which must answer 200 in Prometheus' text format, parsed strictly. */
    public PrometheusText metrics() {
        HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + response.statusCode() + ": " + response.body());
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.startsWith("text/plain") || !type.contains("version=0.0.4")) {
            throw new AssertionError("/metrics is not in Prometheus' text format 0.0.4: Content-Type " + type);
        }
        return PrometheusText.parse(response.body());
    }

    /** {@code /health}: its status code and its JSON body. */
    public record HealthAnswer(int status, JsonNode body) {
        public boolean ready() {
            return status == 200 && body.get("ready").asBoolean();
        }

        /** The reason check {@code name} gives for failing ("" while it passes). */
        public String reason(String name) {
            JsonNode check = body.path("checks").path(name);
            return check.path("reason").asText("");
        }

        public String statusOf(String name) {
            return body.path("checks").path(name).path("status").asText("absent");
        }
    }

    public HealthAnswer health() {
        HttpResponse<String> response = get("/health");
        try {
            return new HealthAnswer(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new AssertionError("/health is not JSON: " + response.body(), e);
        }
    }
}
