package io.maskwatch.server.devstack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

/**
 * An SMTP server that keeps every email it accepts in memory (GreenMail), for {@code maskwatch
 * dev-stack} and benchmarks: the notifier can run its whole path without a real mail server.
 */
public final class DevSmtp implements AutoCloseable {
    private static final ServerSetup SMTP = new ServerSetup(3025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);

    private final GreenMail greenMail;

    private DevSmtp(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /** Starts on {@code port} (0: a free one), plain SMTP on localhost. */
    public static DevSmtp start(int port) {
        GreenMail greenMail = new GreenMail(
                port == 0 ? SMTP.dynamicPort() : new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        return new DevSmtp(greenMail);
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    public MimeMessage[] received() {
        return greenMail.getReceivedMessages();
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
