package io.maskwatch.server.ops;

import io.maskwatch.core.ops.ProcessOps;
import io.maskwatch.server.web.devices.DeviceRepository;
import io.maskwatch.server.web.devices.DeviceStatus;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices the server has heard of, as gauges per device: seconds since its last report and
 * the backlog its last heartbeat gave. Read from PostgreSQL every {@link #EVERY} on the ops thread
 * (never in a scrape); while PostgreSQL is away the last figures stay, and the readiness check says
 * why.
 */
final class DeviceGauges {
    static final Duration EVERY = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(DeviceGauges.class);

    private final DeviceRepository devices;
    private final ProcessOps ops;
    private final MultiGauge lastReportAge;
    private final MultiGauge backlog;

    DeviceGauges(DeviceRepository devices, ProcessOps ops) {
        this.devices = devices;
        this.ops = ops;
        this.lastReportAge = MultiGauge.builder("maskwatch.device.last.report.age")
                .description("Seconds since the device's last heartbeat or event reached the server")
                .baseUnit("seconds")
                .register(ops.registry());
        this.backlog = MultiGauge.builder("maskwatch.device.backlog")
                .description("Events waiting on the device, as its last heartbeat said")
                .baseUnit("events")
                .register(ops.registry());
    }

    void start() {
        ops.thread().scheduleWithFixedDelay(this::refresh, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        List<DeviceStatus> all;
        try {
            all = devices.all();
        } catch (RuntimeException e) {
            log.debug("devices not read for their gauges: {}", e.getMessage());
            return;
        }
        Instant now = Instant.now();
        lastReportAge.register(
                all.stream()
                        .filter(d -> d.lastReportAt() != null)
                        .map(d -> MultiGauge.Row.of(
                                Tags.of("device", d.id()),
                                Duration.between(Instant.parse(d.lastReportAt()), now)
                                                .toMillis()
                                        / 1000.0))
                        .toList(),
                true);
        backlog.register(
                all.stream()
                        .filter(d -> d.backlog() != null)
                        .map(d -> MultiGauge.Row.of(Tags.of("device", d.id()), d.backlog()))
                        .toList(),
                true);
    }
}
