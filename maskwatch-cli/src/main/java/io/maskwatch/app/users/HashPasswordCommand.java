package io.maskwatch.app.users;

import io.maskwatch.app.UserError;
import io.maskwatch.core.passwords.Passwords;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code maskwatch users hash-password}: the BCrypt hash of a password, for {@code
 * dashboard.users[].password_hash} (server) or {@code live_view.password_hash} (device). The password is read from the terminal without echo, or from
 * stdin, never from the command line, where the shell's history and {@code ps} would keep it.
 */
@Command(
        name = "hash-password",
        mixinStandardHelpOptions = true,
        description = {
            "Reads a password and prints its BCrypt hash (cost 12) on stdout, for the password_hash of a user in"
                    + " the server configuration's dashboard.users or for the device configuration's"
                    + " live_view.password_hash; the password itself is written nowhere.",
            "At a terminal it asks twice, without echo, and refuses two different answers. Otherwise it reads"
                    + " the first line of stdin:",
            "  maskwatch users hash-password < password.txt",
            "BCrypt reads at most 72 bytes: a longer password is refused rather than cut.",
            ""
        })
public final class HashPasswordCommand implements Callable<Integer> {
    /** BCrypt's limit: Spring's encoder refuses longer passwords. */
    private static final int MAX_BYTES = 72;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Console console = System.console();
        char[] password = console != null ? fromConsole(console) : fromStdin();
        try {
            check(password);
            String hash = Passwords.hash(CharBuffer.wrap(password));
            spec.commandLine().getOut().println(hash);
            spec.commandLine().getOut().flush();
            // On stderr, so that 'HASH=$(maskwatch users hash-password < file)' gets the hash alone.
            spec.commandLine()
                    .getErr()
                    .println("Put it in the server configuration as dashboard.users[].password_hash, e.g."
                            + " users: [{name: alice, role: admin, password_hash: \"" + hash + "\"}],"
                            + " or in the device configuration as live_view.password_hash: \"" + hash + "\"");
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] fromConsole(Console console) {
        char[] first = console.readPassword("Password: ");
        if (first == null || first.length == 0) {
            return new char[0];
        }
        char[] second = console.readPassword("The same again: ");
        boolean same = Arrays.equals(first, second);
        if (second != null) {
            Arrays.fill(second, '\0');
        }
        if (!same) {
            Arrays.fill(first, '\0');
            throw new UserError("the two passwords differ; run it again and type the same password twice");
        }
        return first;
    }

    /** The first line of stdin, without its line end (a password may hold spaces, kept as they are). */
    private static char[] fromStdin() {
        // Not closed: closing the reader would close System.in for the rest of the process.
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            String line = in.readLine();
            return line == null ? new char[0] : line.toCharArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the password from stdin", e);
        }
    }

    private static void check(char[] password) {
        if (password.length == 0) {
            throw new UserError("the password is empty; type one at the prompt, or give it as the first line of"
                    + " stdin (maskwatch users hash-password < password.txt)");
        }
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        int bytes = encoded.remaining();
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        if (bytes > MAX_BYTES) {
            throw new UserError("the password is " + bytes + " bytes long and BCrypt reads only " + MAX_BYTES
                    + "; choose a shorter one (five random words are plenty)");
        }
    }
}
