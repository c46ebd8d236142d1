package io.maskwatch.server.config;

import java.util.List;

/**
 * One entry of {@code recipients:}. A recipient gets the alerts of the listed devices and of
 * the devices of the listed sites; with neither list, of every device.
 *
 * @param timeZone IANA zone the event time is shown in (default UTC), e.g. {@code Europe/Paris}
 */
public record RecipientSettings(String name, String email, String timeZone, List<String> devices, List<String> sites) {
    public RecipientSettings {
        devices = devices == null ? List.of() : List.copyOf(devices);
        sites = sites == null ? List.of() : List.copyOf(sites);
        timeZone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone;
    }
}
