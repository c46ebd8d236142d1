package io.maskwatch.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The server package's {@code maskwatch}: archive the devices' events, email them, show them on the dashboard. */
@Command(
        name = "maskwatch",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Face-mask compliance server: archive the devices' events in PostgreSQL, email them and show"
                + " them on a web dashboard.",
        subcommands = {
            CommandLine.HelpCommand.class,
            io.maskwatch.app.delivery.IngressCommand.class,
            io.maskwatch.app.delivery.NotifyCommand.class,
            io.maskwatch.app.delivery.ServerCommand.class,
            io.maskwatch.app.delivery.MigrateCommand.class,
            io.maskwatch.app.users.UsersCommand.class,
            io.maskwatch.app.dashboard.ExportReviewedCommand.class,
            io.maskwatch.app.privacy.AlertsCommand.class
        })
public final class MaskWatchServer extends RootCommand {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return commandLine(new MaskWatchServer());
    }
}
