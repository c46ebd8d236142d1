package io.maskwatch.edge.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.maskwatch.core.config.ConfigException;
import io.maskwatch.edge.config.EdgeConfig;
import io.maskwatch.edge.config.LiveViewConfig;
import io.maskwatch.edge.runtime.EdgeRuntime;
import io.maskwatch.vision.event.EventSink;
import io.maskwatch.vision.pipeline.FrameListener;
import io.maskwatch.vision.source.FrameSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's live view ({@code live_view} in its configuration): one web page, behind HTTP Basic
 * authentication, with each source's annotated frames as an MJPEG stream, its counts and the last
 * events, served by the JDK's own HTTP server. A source's frames are drawn and encoded only while
 * someone watches its stream, at most {@code live_view.max_fps} a second ({@link
 * io.maskwatch.vision.output.AnnotatedJpegs}), so a device nobody watches pays a counter per frame.
 *
 * <p>It hangs on the device's chain as {@link EdgeRuntime.Hooks}: a frame listener per source and
 * a look at the events on their way to the store.
 */
public final class LiveView implements EdgeRuntime.Hooks, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveView.class);
    /** A viewer whose source sends nothing new gets its last picture again this often: a closed page is noticed. */
    private static final long RESEND_MILLIS = 2_000;
    /** Streams open at once, all sources together: each holds a thread. */
    static final int MAX_STREAMS = 16;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The counts of /status summed over the sources. */
    private static final List<String> TOTALLED =
            List.of("frames", "faces", "mask", "no_mask", "events", "low_evidence", "encoded", "unwatched");

    private final HttpServer server;
    private final ExecutorService threads;
    private final List<LiveSource> sources = new ArrayList<>();
    private final Map<FrameSource, LiveSource> bySource = new IdentityHashMap<>();
    private final RecentEvents events = new RecentEvents();
    private final AtomicInteger streams = new AtomicInteger();
    private final Map<String, byte[]> files;
    private final String device;
    private final double maxFps;
    private final Instant started = Instant.now();

    private LiveView(
            HttpServer server,
            ExecutorService threads,
            LiveViewConfig config,
            String device,
            List<FrameSource> sources) {
        this.server = server;
        this.threads = threads;
        this.device = device;
        this.maxFps = config.maxFps();
        for (FrameSource source : sources) {
            LiveSource live = new LiveSource(this.sources.size(), source.name(), maxFps);
            this.sources.add(live);
            bySource.put(source, live);
        }
        this.files = Map.of(
                "/", resource("index.html"),
                "/live.css", resource("live.css"),
                "/live.js", resource("live.js"));
    }

    /**
     * The live view of {@code config}, serving {@code sources}, when {@code live_view.enabled};
     * null otherwise.
     *
     * @throws ConfigException the address cannot be listened on (port taken, unknown address)
     */
    public static LiveView startIfEnabled(EdgeConfig config, List<FrameSource> sources) {
        if (!config.liveView().enabled()) {
            return null;
        }
        String device = config.device().type() == null || config.device().type().isBlank()
                ? config.device().guid()
                : config.device().type() + " · " + config.device().guid();
        return start(config.liveView(), device, sources);
    }

    /** Listens on {@code config}'s address (its {@code enabled} is not looked at) and serves {@code sources}. */
    public static LiveView start(LiveViewConfig config, String device, List<FrameSource> sources) {
        InetSocketAddress address = new InetSocketAddress(config.bind(), config.port());
        if (address.isUnresolved()) {
            throw new ConfigException("live_view.bind: '" + config.bind() + "' is not an address of this machine;"
                    + " give 127.0.0.1 (this machine only), an address of one of its networks, or 0.0.0.0 (all)");
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new ConfigException(
                    "live_view: cannot listen on " + config.bind() + ":" + config.port() + " (" + e.getMessage()
                            + "); choose another live_view.port (0: any free one) or stop what holds this one",
                    e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "live-view-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        LiveView view = new LiveView(server, threads, config, device, sources);
        HttpContext context = server.createContext("/", view::handle);
        context.getFilters().add(Filter.beforeHandler("security headers", LiveView::securityHeaders));
        context.setAuthenticator(new PasswordCheck(config.user(), config.passwordHash()));
        server.setExecutor(threads);
        server.start();
        log.info(
                "live view: {} (user {}; a source's frames are drawn only while someone watches, at most {} a second)",
                view.address(),
                config.user(),
                config.maxFps());
        if (!address.getAddress().isLoopbackAddress()) {
            log.warn(
                    "live view: listening on {} (live_view.bind) over plain HTTP: the password and the pictures cross"
                            + " the network readable by anyone on it; keep it to a trusted network or put a TLS proxy in front",
                    config.bind());
        }
        return view;
    }

    /** Where the page is: {@code http://ADDRESS:PORT/}. */
    public URI address() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress()
                ? "127.0.0.1"
                : a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    /** The stream of the source with this index in the list the view was started with. */
    public URI stream(int source) {
        return address().resolve("stream/" + source);
    }

    /** Frames drawn and encoded, all sources together. */
    public long encoded() {
        return sources.stream().mapToLong(LiveSource::encoded).sum();
    }

    /** Frames offered while nobody watched their source (not drawn, not encoded), all sources together. */
    public long unwatched() {
        return sources.stream().mapToLong(LiveSource::unwatched).sum();
    }

    /** Streams open now, all sources together. */
    public int viewers() {
        return sources.stream().mapToInt(LiveSource::viewers).sum();
    }

    @Override
    public EventSink inFrontOfTheStore(EventSink store) {
        return events.over(store);
    }

    @Override
    public List<FrameListener> outputs(FrameSource source) {
        LiveSource live = bySource.get(source);
        return live == null ? List.of() : live.listeners();
    }

    /** Ends every stream, then stops listening. */
    @Override
    public void close() {
        sources.forEach(LiveSource::close);
        server.stop(0); // at once: the streams are told to end, the rest are idle connections
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, "text/plain; charset=utf-8", "GET only\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            byte[] file = files.get(path);
            if (file != null) {
                send(exchange, 200, contentType(path), file);
            } else if (path.equals("/status")) {
                send(exchange, 200, "application/json", JSON.writeValueAsBytes(status()));
            } else if (path.matches("/stream/\\d{1,4}") && Integer.parseInt(path.substring(8)) < sources.size()) {
                stream(exchange, sources.get(Integer.parseInt(path.substring(8))));
            } else {
                send(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Pictures as they come, until the viewer goes away or the view closes; the source is drawn while any viewer is here. */
    private void stream(HttpExchange exchange, LiveSource source) throws IOException {
        if (streams.incrementAndGet() > MAX_STREAMS) {
            streams.decrementAndGet();
            exchange.getResponseHeaders().set("Retry-After", "10");
            send(
                    exchange,
                    503,
                    "text/plain; charset=utf-8",
                    ("too many viewers (" + MAX_STREAMS + " streams at most)\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        long seen = source.join();
        try {
            exchange.getResponseHeaders().set("Content-Type", Mjpeg.CONTENT_TYPE);
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            Mjpeg.begin(out);
            byte[] last = null;
            while (!source.closed()) {
                LiveSource.Numbered next = source.next(seen, RESEND_MILLIS);
                if (next != null) {
                    seen = next.number();
                    last = next.picture().jpeg();
                }
                if (last != null && !source.closed()) {
                    Mjpeg.part(out, last);
                }
            }
        } catch (IOException gone) {
            // The viewer closed the page or lost the network: nothing to tell anyone.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            source.leave();
            streams.decrementAndGet();
        }
    }

    private ObjectNode status() {
        ObjectNode root = JSON.createObjectNode();
        root.put("device", device);
        root.put("started", started.toString());
        root.put("now", Instant.now().toString());
        root.put("max_fps", maxFps);
        ArrayNode list = root.putArray("sources");
        for (LiveSource s : sources) {
            LiveSource.InView now = s.inView();
            ObjectNode o = list.addObject();
            o.put("index", s.index);
            o.put("name", s.shownName);
            o.put("frames_per_second", Math.round(s.framesPerSecond() * 10) / 10.0);
            o.put("width", now.width());
            o.put("height", now.height());
            o.put("frame_time", now.time() == null ? null : now.time().toString());
            o.put("viewers", s.viewers());
            o.put("frames", s.frames());
            o.put("faces", now.faces());
            o.put("mask", now.mask());
            o.put("no_mask", now.noMask());
            o.put("events", events.events(s.name));
            o.put("low_evidence", events.lowEvidence(s.name));
            o.put("encoded", s.encoded());
            o.put("unwatched", s.unwatched());
        }
        ObjectNode totals = root.putObject("totals");
        for (String count : TOTALLED) {
            long sum = 0;
            for (var source : list) {
                sum += source.get(count).asLong();
            }
            totals.put(count, sum);
        }
        ArrayNode last = root.putArray("events");
        for (RecentEvents.Seen e : events.last()) {
            ObjectNode o = last.addObject();
            o.put("time", e.time().toString());
            o.put("source", LiveSource.withoutCredentials(e.source()));
            o.put("probability", e.probability());
            o.put("track", e.track());
            o.put("low_evidence", e.lowEvidence());
        }
        return root;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Nothing is cached, sniffed, framed or sent elsewhere; the page runs its own script and style only. */
    private static void securityHeaders(HttpExchange exchange) {
        var h = exchange.getResponseHeaders();
        h.set("Cache-Control", "no-store");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        h.set(
                "Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                        + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    }

    private static String contentType(String path) {
        if (path.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return path.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8";
    }

    private static byte[] resource(String name) {
        try (InputStream in = LiveView.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the live view's " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LiveView[%s, %d sources]", address(), sources.size());
    }
}
