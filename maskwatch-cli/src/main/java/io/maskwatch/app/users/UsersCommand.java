package io.maskwatch.app.users;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code maskwatch users}: what the people who log in need that is not the page itself: the
 * dashboard's users (server) and the live view's user (device) both keep only a password hash.
 */
@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        description = {
            "The dashboard's users are listed in the server configuration (dashboard.users: name, role viewer or"
                    + " admin, password_hash), the live view's in the device configuration (live_view.user,"
                    + " live_view.password_hash); no password is ever written there, only its BCrypt hash.",
            ""
        },
        subcommands = {HashPasswordCommand.class})
public final class UsersCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Alone it has nothing to do: it lists its subcommands. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
