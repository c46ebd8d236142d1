package io.maskwatch.app.delivery;

import io.maskwatch.app.UserError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Checks a port before a server is started on it, so a busy one is named with the flag that changes it. */
final class FreePorts {
    private FreePorts() {}

    /** Throws a user error naming {@code flag} when {@code port} (0: any, always fine) is taken on localhost. */
    static void check(int port, String flag, String what) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new UserError("port " + port + " for " + what + " is in use (another dev-stack, or another server);"
                    + " stop it, or choose another port with " + flag + " (0 picks a free one)");
        }
    }
}
