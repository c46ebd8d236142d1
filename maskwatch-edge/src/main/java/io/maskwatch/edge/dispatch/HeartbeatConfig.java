package io.maskwatch.edge.dispatch;

import io.maskwatch.edge.store.ModelNames;
import java.time.Duration;
import java.util.List;

/**
 * What the dispatcher's heartbeat says about the device beyond its identity ({@link
 * DispatchConfig#device()}) and what the store tells at each beat (backlog, oldest unsent event).
 *
 * @param interval time between two heartbeats ({@code dispatch.heartbeat_interval})
 * @param latitude where the device stands ({@code deployment.latitude})
 * @param longitude ({@code deployment.longitude})
 * @param sources the names of the sources it watches
 * @param models the models in use; {@code null} for a dispatcher that runs no detection (its own
 *     process): the heartbeat then names the models of the newest stored event, as the detector wrote them
 */
public record HeartbeatConfig(
        Duration interval, double latitude, double longitude, List<String> sources, ModelNames models) {

    public HeartbeatConfig {
        sources = List.copyOf(sources);
    }

    /** Every minute, no location or sources, models read from the store. */
    public static HeartbeatConfig defaults() {
        return new HeartbeatConfig(Duration.ofMinutes(1), 0, 0, List.of(), null);
    }

    public HeartbeatConfig withModels(ModelNames inUse) {
        return new HeartbeatConfig(interval, latitude, longitude, sources, inUse);
    }
}
