package io.maskwatch.server.config;

import io.maskwatch.core.config.ConfigSection;
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

    /** One entry of the {@code recipients} list. */
    static RecipientSettings read(ConfigSection s) {
        RecipientSettings recipient = new RecipientSettings(
                s.string("name", null),
                s.string("email", null),
                s.string("time_zone", null),
                s.stringList("devices"),
                s.stringList("sites"));
        s.rejectUnknownKeys();
        return recipient;
    }
}
