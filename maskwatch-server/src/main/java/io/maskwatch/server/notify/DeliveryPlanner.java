package io.maskwatch.server.notify;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns announced alert ids into pending deliveries, one per recipient of the alert's device. */
final class DeliveryPlanner {
    private static final Logger log = LoggerFactory.getLogger(DeliveryPlanner.class);

    private final DeliveryStore store;
    private final RecipientRouter router;
    private final Set<String> devicesWithoutRecipient = ConcurrentHashMap.newKeySet();

    DeliveryPlanner(DeliveryStore store, RecipientRouter router) {
        this.store = store;
        this.router = router;
    }

    /** Enqueues deliveries for the alerts; returns the ids that are not in the archive. */
    List<Long> plan(List<Long> alertIds) throws SQLException {
        if (alertIds.isEmpty()) {
            return List.of();
        }
        Map<Long, String> devices = store.devicesOf(alertIds);
        Map<Long, List<String>> deliveries = new LinkedHashMap<>();
        for (Map.Entry<Long, String> e : devices.entrySet()) {
            List<String> recipients = router.recipientsFor(e.getValue()).stream()
                    .map(RecipientRouter::key)
                    .distinct()
                    .toList();
            if (recipients.isEmpty()) {
                if (devicesWithoutRecipient.add(e.getValue())) {
                    log.warn(
                            "Alerts of device {} go to nobody: no recipient lists it or its site, and none takes"
                                    + " every device. Add one under recipients: in the server configuration.",
                            e.getValue());
                }
                continue;
            }
            deliveries.put(e.getKey(), recipients);
        }
        store.enqueue(deliveries);
        List<Long> missing = new ArrayList<>();
        for (long id : alertIds) {
            if (!devices.containsKey(id)) {
                missing.add(id);
            }
        }
        return missing;
    }
}
