package io.maskwatch.devstack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * An SMTP server that keeps every email it accepts in memory (GreenMail), for {@code maskwatch
 * dev-stack} and benchmarks: the notifier can run its whole path without a real mail server. It
 * can be taken down and brought back on the same port ({@link #stop()}, {@link #restart()}), for
 * fault runs; what it received before is kept.
 */
public final class DevSmtp implements AutoCloseable {
    private static final ServerSetup SMTP = new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);

    private final int port;
    private final List<MimeMessage> earlier = new ArrayList<>();
    private GreenMail greenMail;

    private DevSmtp(GreenMail greenMail) {
        this.greenMail = greenMail;
        this.port = greenMail.getSmtp().getPort();
    }

    /** Starts on {@code port} (0: a free one), plain SMTP on localhost. */
    public static DevSmtp start(int port) {
        GreenMail greenMail = new GreenMail(
                port == 0 ? SMTP.dynamicPort() : new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return new DevSmtp(greenMail);
    }

    public int port() {
        return port;
    }

    /** Every email received since start, across restarts. */
    public synchronized MimeMessage[] received() {
        List<MimeMessage> all = new ArrayList<>(earlier);
        if (greenMail != null) {
            all.addAll(List.of(greenMail.getReceivedMessages()));
        }
        return all.toArray(MimeMessage[]::new);
    }

    /** Stops listening: clients get "connection refused" until {@link #restart()}. */
    public synchronized void stop() {
        if (greenMail != null) {
            MimeMessage[] before = greenMail.getReceivedMessages();
            greenMail.stop();
            // Read again after the stop: an email may have come in between (if the store survived it).
            MimeMessage[] after = greenMail.getReceivedMessages();
            earlier.addAll(List.of(after.length >= before.length ? after : before));
            greenMail = null;
        }
    }

    /** Listens again on the same port. */
    public synchronized void restart() {
        if (greenMail == null) {
            greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            greenMail.start();
        }
    }

    @Override
    public synchronized void close() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}
