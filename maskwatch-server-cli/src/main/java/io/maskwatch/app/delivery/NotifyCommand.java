package io.maskwatch.app.delivery;

import io.maskwatch.server.notify.NotifierService;
import io.maskwatch.server.ops.ServerOps;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code maskwatch notify}: alert ids to emails. */
@Command(
        name = "notify",
        mixinStandardHelpOptions = true,
        description = {
            "Consumes topics.to_notify (default to-notify-topic; values: alert ids as unsigned 64-bit"
                    + " little-endian integers) and emails each alert to its recipients (recipients:, per device or"
                    + " site): HTML with the face crop inline plus a plain-text part, times in the recipient's zone.",
            "An alert is marked notification_sent only after the SMTP server accepted the email; SMTP down means"
                    + " retry later. Flood control: at most flood_control.max_emails per recipient per"
                    + " flood_control.window_seconds; the rest goes out as one digest.",
            "Serves /metrics and /health on ops.bind:ops.port (default 127.0.0.1:9467; ops.port: 0 turns it off);"
                    + " not ready while PostgreSQL is unreachable.",
            ""
        })
public final class NotifyCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options = new ServerOptions();

    @Override
    public Integer call() {
        ServerOptions.Started s = options.start(ServerOps.NOTIFY_PORT);
        NotifierService notifier = s.run()
                .closeAtEnd(
                        new NotifierService(s.config(), s.kafka(), s.database().dataSource(), System::getenv));
        s.ops().watch(notifier);
        notifier.start();
        return s.run().await("Notifier");
    }
}
