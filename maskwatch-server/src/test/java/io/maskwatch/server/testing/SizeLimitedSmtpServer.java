package io.maskwatch.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A small SMTP server that accepts messages up to a size and answers a larger one with 552 after
 * its DATA, as mail servers with a size limit do (GreenMail has no such limit). Accepted messages
 * are kept as their raw text.
 */
public final class SizeLimitedSmtpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final int maxBytes;
    private final Thread acceptor;
    private final List<String> accepted = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> refusedSizes = Collections.synchronizedList(new ArrayList<>());

    private SizeLimitedSmtpServer(ServerSocket socket, int maxBytes) {
        this.socket = socket;
        this.maxBytes = maxBytes;
        this.acceptor = new Thread(this::acceptLoop, "size-limited-smtp");
        this.acceptor.setDaemon(true);
    }

    public static SizeLimitedSmtpServer start(int maxBytes) throws IOException {
        SizeLimitedSmtpServer server =
                new SizeLimitedSmtpServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), maxBytes);
        server.acceptor.start();
        return server;
    }

    public int port() {
        return socket.getLocalPort();
    }

    public List<String> accepted() {
        return List.copyOf(accepted);
    }

    /** Sizes of the messages refused with 552. */
    public List<Integer> refusedSizes() {
        return List.copyOf(refusedSizes);
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread session = new Thread(() -> serve(client), "size-limited-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client;
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(client.getInputStream(), StandardCharsets.ISO_8859_1));
                OutputStream out = client.getOutputStream()) {
            reply(out, "220 size-limited.test ESMTP");
            for (String line; (line = in.readLine()) != null; ) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (command) {
                    case "EHLO", "HELO" -> reply(out, "250 size-limited.test");
                    case "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 OK");
                    case "DATA" -> {
                        reply(out, "354 go on");
                        StringBuilder message = new StringBuilder();
                        for (String data; (data = in.readLine()) != null && !data.equals("."); ) {
                            message.append(data).append("\r\n");
                        }
                        if (message.length() > maxBytes) {
                            refusedSizes.add(message.length());
                            reply(out, "552 5.3.4 Message size exceeds fixed limit");
                        } else {
                            accepted.add(message.toString());
                            reply(out, "250 2.0.0 queued");
                        }
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 5.5.2 command not implemented");
                }
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
