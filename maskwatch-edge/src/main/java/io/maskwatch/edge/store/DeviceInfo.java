package io.maskwatch.edge.store;

/**
 * The device that saw an event, as the seed's {@code alert} table records it. Times are kept as
 * the text the device configuration gives (the seed writes {@code 2020-01-01 10:00:00.633803}).
 */
public record DeviceInfo(
        String type, String guid, String enrolledOn, String deployedOn, double longitude, double latitude) {}
