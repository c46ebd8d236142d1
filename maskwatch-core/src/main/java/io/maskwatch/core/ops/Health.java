package io.maskwatch.core.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether a process is live and ready. Liveness: no threads of the JVM are deadlocked (a process
 * that can only be restarted). Readiness: every named check passes (PostgreSQL answers, the store
 * takes writes, each camera sends frames); a check that fails says why, and since when.
 *
 * <p>Checks run on the ops thread every {@link #EVERY} (and once when they are added), not when
 * someone asks: {@code /health} answers at once even while PostgreSQL takes its connection timeout
 * to fail, probes from several scrapers cost the database nothing more, and the readiness gauges
 * ({@code maskwatch_ready}, {@code maskwatch_health_check_up}) say what {@code /health} says.
 */
public final class Health {
    /** How often every check runs. */
    public static final Duration EVERY = Duration.ofSeconds(5);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** One readiness check; an exception it throws counts as a failure, with its message. */
    @FunctionalInterface
    public interface Check {
        Status check() throws Exception;
    }

    /** A check's verdict: up, or down and why (one sentence that names the part and the fix). */
    public record Status(boolean up, String reason) {
        private static final Status OK = new Status(true, "");

        public static Status ok() {
            return OK;
        }

        public static Status down(String reason) {
            return new Status(false, reason);
        }
    }

    /** A check's last verdict and since when it holds (when the check last changed its mind). */
    public record CheckState(Status status, Instant since) {}

    /**
     * What {@code /health} answers.
     *
     * @param deadlocked the names of deadlocked threads (empty while live)
     */
    public record Report(boolean live, boolean ready, Map<String, CheckState> checks, List<String> deadlocked) {
        /** 200 when live and ready, else 503, so a probe that only reads the status code gets it right. */
        public int httpStatus() {
            return live && ready ? 200 : 503;
        }

        /**
         * {@code {"status": "up"|"down", "live": ..., "ready": ..., "checks": {"name": {"status": "up"}, "name":
         * {"status": "down", "reason": "...", "since": "2026-...Z"}}}}
         */
        public String json() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", live && ready ? "up" : "down");
            body.put("live", live);
            body.put("ready", ready);
            if (!deadlocked.isEmpty()) {
                body.put("deadlocked_threads", deadlocked);
            }
            Map<String, Object> each = new LinkedHashMap<>();
            checks.forEach((name, state) -> {
                Map<String, Object> check = new LinkedHashMap<>();
                check.put("status", state.status().up() ? "up" : "down");
                if (!state.status().up()) {
                    check.put("reason", state.status().reason());
                }
                check.put("since", state.since().toString());
                each.put(name, check);
            });
            body.put("checks", each);
            try {
                return JSON.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a map of text cannot fail to serialise", e);
            }
        }
    }

    private final class Watched {
        final Check check;
        final Gauge gauge;
        volatile CheckState state;

        Watched(String name, Check check) {
            this.check = check;
            this.state = new CheckState(Status.down("not checked yet"), Instant.now());
            this.gauge = Gauge.builder(
                            "maskwatch.health.check",
                            this,
                            w -> w.state.status().up() ? 1 : 0)
                    .description("1 while the readiness check passes, 0 while it fails (/health says why)")
                    .tag("check", name)
                    .strongReference(true)
                    .register(registry);
        }

        void run() {
            Status status;
            try {
                status = check.check();
            } catch (Exception | LinkageError e) {
                status = Status.down(e.toString());
            }
            CheckState before = state;
            state = before.status().equals(status) ? before : new CheckState(status, Instant.now());
        }
    }

    private final MeterRegistry registry;
    private final ScheduledExecutorService thread;
    private final Map<String, Watched> checks = new ConcurrentSkipListMap<>();

    Health(MeterRegistry registry, ScheduledExecutorService thread) {
        this.registry = registry;
        this.thread = thread;
        Gauge.builder("maskwatch.ready", this, h -> h.report().ready() ? 1 : 0)
                .description("1 while every readiness check passes (/health answers 200), else 0")
                .register(registry);
        thread.scheduleWithFixedDelay(this::runAll, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Adds (or replaces) the check {@code name}, after running it once on the caller's thread: from
     * the first {@code /health} on, the verdict is the check's own, not a guess.
     */
    public synchronized void add(String name, Check check) {
        remove(name);
        Watched watched = new Watched(name, check);
        watched.run();
        checks.put(name, watched);
    }

    /** Removes the check {@code name} (what it watched is gone: a store closed at the end of a run). */
    public synchronized void remove(String name) {
        Watched gone = checks.remove(name);
        if (gone != null) {
            registry.remove(gone.gauge);
        }
    }

    /** Runs every check now, on the ops thread (a test that changed the world need not wait for the next round). */
    public void checkSoon() {
        checks.values().forEach(this::runSoon);
    }

    private void runSoon(Watched watched) {
        try {
            thread.execute(watched::run);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The process is stopping: its health no longer matters.
        }
    }

    private void runAll() {
        checks.values().forEach(Watched::run);
    }

    /** The last verdict of every check, and whether the JVM has deadlocked threads. */
    public Report report() {
        Map<String, CheckState> states = new LinkedHashMap<>();
        checks.forEach((name, watched) -> states.put(name, watched.state));
        boolean ready = states.values().stream().allMatch(s -> s.status().up());
        List<String> deadlocked = deadlockedThreads();
        return new Report(deadlocked.isEmpty(), ready, states, deadlocked);
    }

    private static List<String> deadlockedThreads() {
        long[] ids = THREADS.findDeadlockedThreads();
        List<String> names = new ArrayList<>();
        if (ids != null) {
            for (ThreadInfo info : THREADS.getThreadInfo(ids)) {
                if (info != null) {
                    names.add(info.getThreadName());
                }
            }
        }
        return names;
    }
}
