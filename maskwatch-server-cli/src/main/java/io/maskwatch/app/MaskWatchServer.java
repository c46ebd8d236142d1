package io.maskwatch.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The server package's {@code maskwatch}: archive the devices' events and email them. */
@Command(
        name = "maskwatch",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Face-mask compliance server: archive the devices' events in PostgreSQL and email them.",
        subcommands = {
            CommandLine.HelpCommand.class,
            io.maskwatch.app.delivery.IngressCommand.class,
            io.maskwatch.app.delivery.NotifyCommand.class,
            io.maskwatch.app.delivery.ServerCommand.class,
            io.maskwatch.app.delivery.MigrateCommand.class,
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
