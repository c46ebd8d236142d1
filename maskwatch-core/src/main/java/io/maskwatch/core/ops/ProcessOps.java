package io.maskwatch.core.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's metrics and health: a Prometheus registry with the JVM's meters (memory, GC,
 * threads, class loader, processor, uptime), the {@link Health} of its readiness checks, and one
 * daemon thread on which the checks run and binders that poll (Kafka's clients) refresh. The
 * services of the process add their meters and checks to it; {@code /metrics} and {@code /health}
 * serve it, from the {@link OpsEndpoint} or from a web server the process already runs.
 */
public final class ProcessOps implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProcessOps.class);

    /** The content type of {@link #scrape()}: Prometheus' text format, version 0.0.4. */
    public static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /**
     * How often a binder that polls (Micrometer's for Kafka clients, on {@link #thread()}) looks for
     * meters that appeared since: a consumer's lag per partition exists only once it has partitions.
     */
    public static final java.time.Duration BINDER_REFRESH = java.time.Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "maskwatch-ops");
        t.setDaemon(true);
        return t;
    });
    private final Health health;
    private final List<AutoCloseable> resources = new ArrayList<>();

    public ProcessOps() {
        new JvmMemoryMetrics().bindTo(registry);
        bind(new JvmGcMetrics());
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.health = new Health(registry, thread);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public Health health() {
        return health;
    }

    /** The ops thread, for binders that refresh on a schedule of their own; never block it for long. */
    public ScheduledExecutorService thread() {
        return thread;
    }

    /** Every meter, in Prometheus' text format ({@link #METRICS_CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape();
    }

    /** Binds {@code binder} to the registry; one that holds resources (a listener, a schedule) is closed with this. */
    public <T extends MeterBinder> T bind(T binder) {
        binder.bindTo(registry);
        if (binder instanceof AutoCloseable closeable) {
            closeAtEnd(closeable);
        }
        return binder;
    }

    /** Closes {@code resource} when this closes (last added first). */
    public synchronized <T extends AutoCloseable> T closeAtEnd(T resource) {
        resources.add(resource);
        return resource;
    }

    /**
     * Serves {@code /metrics} and {@code /health} on {@code settings.bind()} and its port (or {@code
     * defaultPort}), until this closes. Empty when the port is 0, or when it cannot listen there: a
     * warning names the keys, and the process runs on without the endpoint, as monitoring must
     * never stop a camera or the delivery of alerts.
     */
    public Optional<OpsEndpoint> serve(OpsSettings settings, int defaultPort) {
        int port = settings.portOr(defaultPort);
        if (port == 0) {
            log.info("No /metrics and /health endpoint (ops.port is 0)");
            return Optional.empty();
        }
        return OpsEndpoint.start(this, settings.bind(), port).map(this::closeAtEnd);
    }

    @Override
    public void close() {
        List<AutoCloseable> reversed;
        synchronized (this) {
            reversed = new ArrayList<>(resources);
            resources.clear();
        }
        Collections.reverse(reversed);
        for (AutoCloseable resource : reversed) {
            try {
                resource.close();
            } catch (Exception e) {
                log.debug("closing {}: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
        thread.shutdownNow();
        registry.close();
    }
}
