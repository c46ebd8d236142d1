package io.maskwatch.app;

import io.maskwatch.classifier.OnnxRuntimeNatives;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The workstation package's {@code maskwatch}: every command, those of the edge and server
 * packages ({@link MaskWatchEdge}, {@link MaskWatchServer}) plus training, evaluation and the
 * in-process stack for trying and measuring the delivery chain.
 */
@Command(
        name = "maskwatch",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Face-mask compliance: train and evaluate the classifier, watch cameras, deliver events.",
        subcommands = {
            CommandLine.HelpCommand.class,
            io.maskwatch.app.classifier.TrainCommand.class,
            io.maskwatch.app.classifier.EvaluateCommand.class,
            io.maskwatch.app.detect.DetectCommand.class,
            io.maskwatch.app.detect.BenchCommand.class,
            io.maskwatch.app.detect.ModelsCommand.class,
            io.maskwatch.app.delivery.DispatchCommand.class,
            io.maskwatch.app.delivery.IngressCommand.class,
            io.maskwatch.app.delivery.NotifyCommand.class,
            io.maskwatch.app.delivery.ServerCommand.class,
            io.maskwatch.app.delivery.MigrateCommand.class,
            io.maskwatch.app.users.UsersCommand.class,
            io.maskwatch.app.dashboard.ExportReviewedCommand.class,
            io.maskwatch.app.privacy.AlertsCommand.class,
            io.maskwatch.app.delivery.DevStackCommand.class,
            io.maskwatch.app.delivery.BenchDeliveryCommand.class,
            io.maskwatch.app.dashboard.BenchDashboardCommand.class,
            io.maskwatch.app.chaos.ChaosCommand.class
        })
public final class MaskWatch extends RootCommand {

    public static void main(String[] args) {
        OnnxRuntimeNatives.useCache();
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        return commandLine(new MaskWatch());
    }
}
