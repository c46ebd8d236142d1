package io.maskwatch.server.testing;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An email as the SMTP server received it, taken apart for assertions. */
public record ReceivedEmail(String to, String subject, String text, String html, Map<String, byte[]> inlineImages) {
    public static ReceivedEmail of(MimeMessage message) {
        try {
            Parts parts = new Parts();
            parts.collect(message);
            return new ReceivedEmail(
                    message.getAllRecipients()[0].toString(),
                    message.getSubject(),
                    parts.text,
                    parts.html,
                    parts.images);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot read the received email", e);
        }
    }

    /** Alert ids this email carries: from the subject of a single alert, from the rows of a digest. */
    public java.util.List<Long> alertIds() {
        java.util.List<Long> ids = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("Alert #(\\d+)").matcher(text);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    public boolean isDigest() {
        return subject.endsWith("(digest)");
    }

    private static final class Parts {
        String text;
        String html;
        final Map<String, byte[]> images = new LinkedHashMap<>();

        void collect(Part part) throws MessagingException, IOException {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    collect(multipart.getBodyPart(i));
                }
            } else if (part.isMimeType("text/plain")) {
                text = (String) part.getContent();
            } else if (part.isMimeType("text/html")) {
                html = (String) part.getContent();
            } else if (part instanceof BodyPart body && body.getHeader("Content-ID") != null) {
                String cid = body.getHeader("Content-ID")[0].replaceAll("[<>]", "");
                try (InputStream in = body.getInputStream()) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    in.transferTo(out);
                    images.put(cid, out.toByteArray());
                }
            }
        }
    }
}
