package io.maskwatch.edge.live;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live view's stream format, MJPEG over HTTP: a {@code multipart/x-mixed-replace} body whose
 * parts are JPEG pictures, each with its {@code Content-Length}. Each part is followed at once by
 * the next boundary, because a browser shows a part only once it sees the boundary after it.
 */
public final class Mjpeg {
    static final String BOUNDARY = "maskwatch-frame";
    static final String CONTENT_TYPE = "multipart/x-mixed-replace; boundary=" + BOUNDARY;
    private static final Pattern BOUNDARY_PARAMETER = Pattern.compile(";\\s*boundary=\"?([^\";]+)\"?");
    private static final int MAX_PART_BYTES = 16 * 1024 * 1024;

    private Mjpeg() {}

    /** Opens a stream: the first boundary. */
    static void begin(OutputStream out) throws IOException {
        out.write(("--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One picture, then the boundary that ends it. */
    static void part(OutputStream out, byte[] jpeg) throws IOException {
        out.write(("Content-Type: image/jpeg\r\nContent-Length: " + jpeg.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(jpeg);
        out.write(("\r\n--" + BOUNDARY + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The boundary a {@code multipart/x-mixed-replace} content type names. */
    public static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/x-mixed-replace")) {
            throw new IllegalArgumentException("not an MJPEG stream: Content-Type " + contentType);
        }
        Matcher m = BOUNDARY_PARAMETER.matcher(contentType);
        if (!m.find()) {
            throw new IllegalArgumentException("no boundary in Content-Type " + contentType);
        }
        return m.group(1);
    }

    /**
     * Reads the parts of an MJPEG body strictly: each must begin after the boundary, name its type
     * and length, and be followed by the boundary again.
     */
    public static final class Reader {
        private final InputStream in;
        private final String boundaryLine;
        private boolean started;

        public Reader(InputStream in, String boundary) {
            this.in = in;
            this.boundaryLine = "--" + boundary;
        }

        /** A part: its content type and bytes. */
        public record Part(String contentType, byte[] body) {}

        /** The next part; EOFException when the stream ends. */
        public Part next() throws IOException {
            if (!started) {
                expectBoundary(line());
                started = true;
            }
            String type = null;
            int length = -1;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    throw new IOException("not a part header: " + header);
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                if (name.equals("content-type")) {
                    type = value;
                } else if (name.equals("content-length")) {
                    length = Integer.parseInt(value);
                }
            }
            if (length < 0 || length > MAX_PART_BYTES) {
                throw new IOException("a part without a usable Content-Length (" + length + ")");
            }
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new EOFException("the stream ended inside a part");
            }
            if (!line().isEmpty()) {
                throw new IOException("a part longer than its Content-Length");
            }
            expectBoundary(line());
            return new Part(type, body);
        }

        private void expectBoundary(String line) throws IOException {
            if (!line.equals(boundaryLine)) {
                throw new IOException("expected the boundary " + boundaryLine + ", got '" + line + "'");
            }
        }

        /** One CRLF-ended line, without its end. */
        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); ; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("the stream ended");
                }
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, end, StandardCharsets.US_ASCII);
                }
                if (line.size() > 1024) {
                    throw new IOException("a header line over 1024 bytes");
                }
                line.write(b);
            }
        }
    }
}
