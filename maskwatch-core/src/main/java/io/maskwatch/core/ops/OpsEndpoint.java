package io.maskwatch.core.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} and {@code GET /health} of a process that runs no web server of its own
 * ({@code detect}, {@code dispatch}, {@code ingress}, {@code notify}), on the JDK's own HTTP server:
 * the device's package gains no web framework for two routes. Anything else is 404 (405 for other
 * methods).
 */
public final class OpsEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpsEndpoint.class);

    private final HttpServer server;
    private final ExecutorService handlers;
    private final String bind;

    private OpsEndpoint(HttpServer server, ExecutorService handlers, String bind) {
        this.server = server;
        this.handlers = handlers;
        this.bind = bind;
    }

    /** Listens on {@code bind:port}; empty, after a warning naming the keys, when it cannot. */
    static Optional<OpsEndpoint> start(ProcessOps ops, String bind, int port) {
        InetSocketAddress address = new InetSocketAddress(bind, port);
        HttpServer server;
        try {
            if (address.isUnresolved()) {
                throw new IOException("'" + bind + "' is no address of this machine");
            }
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            log.warn(
                    "No /metrics and /health: cannot listen on {}:{} ({}); this process runs on without them. Set"
                            + " ops.port (or MASKWATCH_OPS_PORT) to a free port, ops.bind to an address of this"
                            + " machine, or ops.port: 0 to turn the endpoint off",
                    bind,
                    port,
                    e.getMessage());
            return Optional.empty();
        }
        // One thread: a scrape and a probe at the same moment wait a few milliseconds for each other.
        ExecutorService handlers = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "maskwatch-ops-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.createContext("/", exchange -> answer(exchange, ops));
        server.start();
        OpsEndpoint endpoint = new OpsEndpoint(server, handlers, bind);
        log.info("Metrics at {}/metrics, health at {}/health", endpoint.url(), endpoint.url());
        return Optional.of(endpoint);
    }

    private static void answer(HttpExchange exchange, ProcessOps ops) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!path.equals("/metrics") && !path.equals("/health")) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found: /metrics and /health are served here\n");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
            } else if (path.equals("/metrics")) {
                send(exchange, 200, ProcessOps.METRICS_CONTENT_TYPE, ops.scrape());
            } else {
                Health.Report report = ops.health().report();
                send(exchange, report.httpStatus(), "application/json", report.json());
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Its address, e.g. {@code http://127.0.0.1:9464}. */
    public String url() {
        String host = bind.equals("0.0.0.0") || bind.isBlank() ? "localhost" : bind;
        return "http://" + host + ":" + port();
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
