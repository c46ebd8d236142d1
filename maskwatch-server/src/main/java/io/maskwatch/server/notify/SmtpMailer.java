package io.maskwatch.server.notify;

import io.maskwatch.server.config.SmtpSettings;
import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;
import java.util.function.Function;

/**
 * Sends emails over SMTP (Angus Mail), from one thread. {@link #send} returns once the server has accepted the
 * message and throws otherwise: the caller marks a notification sent only after it returned.
 *
 * <p>The message: multipart/alternative with the plain text first and, preferred, a
 * multipart/related HTML part whose face crops are inline images referred to by content id.
 */
final class SmtpMailer {
    private final SmtpSettings settings;
    private final Session session;
    private final String password;
    private Transport transport;

    SmtpMailer(SmtpSettings settings, Function<String, String> env) {
        settings.validate();
        this.settings = settings;
        this.password = env.apply(settings.passwordEnv());
        Properties props = new Properties();
        props.put("mail.transport.protocol", settings.tls().equals("ssl") ? "smtps" : "smtp");
        String p = settings.tls().equals("ssl") ? "mail.smtps." : "mail.smtp.";
        props.put(p + "host", settings.host());
        props.put(p + "port", Integer.toString(settings.port()));
        props.put(
                p + "auth",
                Boolean.toString(
                        settings.username() != null && !settings.username().isBlank()));
        long timeoutMs = settings.timeoutSeconds() * 1000L;
        props.put(p + "connectiontimeout", Long.toString(timeoutMs));
        props.put(p + "timeout", Long.toString(timeoutMs));
        props.put(p + "writetimeout", Long.toString(timeoutMs));
        if (settings.tls().equals("starttls")) {
            // Required, not just enabled: never fall back to sending credentials in clear.
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        if (!settings.tls().equals("none")) {
            props.put(p + "ssl.checkserveridentity", "true");
        }
        this.session = Session.getInstance(props);
    }

    /**
     * Sends over the connection of the current round, opening it if needed: one SMTP session
     * carries all the emails of a round instead of a handshake (and TLS) per email.
     */
    void send(Email email) throws MessagingException {
        MimeMessage message = toMessage(email);
        try {
            if (transport == null || !transport.isConnected()) {
                transport = connect();
            }
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException | RuntimeException e) {
            release();
            throw e;
        }
    }

    private Transport connect() throws MessagingException {
        Transport opened = session.getTransport();
        if (settings.username() != null && !settings.username().isBlank()) {
            opened.connect(settings.host(), settings.port(), settings.username(), password);
        } else {
            opened.connect();
        }
        return opened;
    }

    /** Closes the connection (end of a round, or after an error); the next send opens a new one. */
    void release() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException ignored) {
                // The server may have closed it already; nothing was pending on it.
            }
            transport = null;
        }
    }

    MimeMessage toMessage(Email email) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(settings.from()));
        message.setRecipient(Message.RecipientType.TO, address(email));
        message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());

        MimeBodyPart text = new MimeBodyPart();
        text.setText(email.text(), StandardCharsets.UTF_8.name());

        MimeMultipart related = new MimeMultipart("related");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
        related.addBodyPart(html);
        for (Email.InlineImage image : email.images()) {
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new DataHandler(new ByteArrayDataSource(image.data(), image.mimeType())));
            part.setContentID("<" + image.contentId() + ">");
            part.setDisposition(MimeBodyPart.INLINE);
            part.setFileName(image.contentId().replace("@maskwatch", "") + extension(image.mimeType()));
            related.addBodyPart(part);
        }
        MimeBodyPart htmlWithImages = new MimeBodyPart();
        htmlWithImages.setContent(related);

        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(htmlWithImages);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    private static InternetAddress address(Email email) throws MessagingException {
        try {
            return new InternetAddress(email.to(), email.toName(), StandardCharsets.UTF_8.name());
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("cannot encode recipient name", e);
        }
    }

    private static String extension(String mimeType) {
        return switch (mimeType) {
            case "image/jpeg" -> ".jpg";
            case "image/png" -> ".png";
            case "image/webp" -> ".webp";
            case "image/bmp" -> ".bmp";
            default -> ".bin";
        };
    }

    String describe() {
        return settings.host() + ":" + settings.port() + " (" + settings.tls() + ")";
    }
}
