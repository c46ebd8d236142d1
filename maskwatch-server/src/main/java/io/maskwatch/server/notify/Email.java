package io.maskwatch.server.notify;

import java.util.List;

/** A rendered email: subject, both bodies, and the images the HTML refers to by content id. */
record Email(String to, String toName, String subject, String html, String text, List<InlineImage> images) {
    record InlineImage(String contentId, String mimeType, byte[] data) {}
}
