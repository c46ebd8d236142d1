package io.maskwatch.app.delivery;

import io.maskwatch.server.notify.NotifierService;
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
            ""
        })
public final class NotifyCommand implements Callable<Integer> {
    @Mixin
    ServerOptions options = new ServerOptions();

    @Override
    public Integer call() {
        ServerOptions.Started s = options.start();
        NotifierService notifier = s.run()
                .closeAtEnd(new NotifierService(
                        s.config(),
                        ServerOptions.kafka(s.config()),
                        s.database().dataSource(),
                        System::getenv));
        notifier.start();
        return s.run().await("Notifier");
    }
}
