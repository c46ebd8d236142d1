package io.maskwatch.app.chaos;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Restarts a service that exited without being killed, as systemd's {@code Restart=on-failure}
 * does in production, and counts it: a service is meant to wait out an outage, not to end.
 */
final class Supervisor {
    private final List<ServiceProcess> services;
    private final FaultLog faults;
    private final PrintWriter out;
    private int exits;

    Supervisor(List<ServiceProcess> services, FaultLog faults, PrintWriter out) {
        this.services = services;
        this.faults = faults;
        this.out = out;
    }

    void restartWhatExited() throws IOException {
        for (ServiceProcess service : services) {
            Integer status = service.exitedByItself();
            if (status != null) {
                exits++;
                faults.count(service.name() + " exited by itself");
                out.printf(
                        Locale.ROOT,
                        "  %s exited by itself with status %d; restarted. Its last warnings:%n%s",
                        service.name(),
                        status,
                        service.lastWarnings(8));
                out.flush();
                service.restart();
            }
        }
    }

    int exits() {
        return exits;
    }

    /** What each service warned of, so that a failed run says why without its work folder. */
    void printWarnings() throws IOException {
        for (ServiceProcess service : services) {
            out.printf(
                    Locale.ROOT,
                    "last warnings of %s (%s):%n%s",
                    service.name(),
                    service.log(),
                    service.lastWarnings(15));
        }
    }
}
