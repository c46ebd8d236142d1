package io.maskwatch.server.notify;

import io.maskwatch.server.config.RecipientSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Who gets the alerts of a device: recipients listing it, or one of its sites, or listing nothing. */
final class RecipientRouter {
    private final List<RecipientSettings> recipients;
    private final Map<String, List<String>> sites;

    RecipientRouter(List<RecipientSettings> recipients, Map<String, List<String>> sites) {
        this.recipients = List.copyOf(recipients);
        this.sites = Map.copyOf(sites);
    }

    List<RecipientSettings> recipientsFor(String deviceId) {
        List<RecipientSettings> matched = new ArrayList<>();
        for (RecipientSettings r : recipients) {
            boolean everything = r.devices().isEmpty() && r.sites().isEmpty();
            boolean listed = r.devices().contains(deviceId);
            boolean atSite = r.sites().stream()
                    .anyMatch(site -> sites.getOrDefault(site, List.of()).contains(deviceId));
            if (everything || listed || atSite) {
                matched.add(r);
            }
        }
        return matched;
    }

    /** The recipient with this address (deliveries are keyed by address, lower case). */
    Optional<RecipientSettings> byAddress(String address) {
        return recipients.stream().filter(r -> key(r).equals(address)).findFirst();
    }

    static String key(RecipientSettings recipient) {
        return recipient.email().trim().toLowerCase(Locale.ROOT);
    }
}
