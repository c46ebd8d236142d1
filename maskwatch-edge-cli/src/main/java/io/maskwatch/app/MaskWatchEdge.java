package io.maskwatch.app;

import io.maskwatch.classifier.OnnxRuntimeNatives;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The edge package's {@code maskwatch}: what a device with a camera runs. */
@Command(
        name = "maskwatch",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Face-mask compliance on a device: watch cameras, keep events, send them to Kafka.",
        subcommands = {
            CommandLine.HelpCommand.class,
            io.maskwatch.app.detect.DetectCommand.class,
            io.maskwatch.app.detect.BenchCommand.class,
            io.maskwatch.app.detect.ModelsCommand.class,
            io.maskwatch.app.delivery.DispatchCommand.class,
            io.maskwatch.app.users.UsersCommand.class
        })
public final class MaskWatchEdge extends RootCommand {

    public static void main(String[] args) {
        OnnxRuntimeNatives.useCache();
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return commandLine(new MaskWatchEdge());
    }
}
