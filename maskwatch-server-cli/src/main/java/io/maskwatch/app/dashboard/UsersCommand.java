package io.maskwatch.app.dashboard;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code maskwatch users}: what the dashboard's users need that is not the dashboard itself. */
@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        description = {
            "The dashboard's users are listed in the server configuration (dashboard.users: name, role viewer or"
                    + " admin, password_hash); no password is ever written there, only its BCrypt hash.",
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
