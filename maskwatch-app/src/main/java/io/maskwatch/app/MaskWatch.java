package io.maskwatch.app;

import io.maskwatch.classifier.OnnxRuntimeNatives;
import io.maskwatch.core.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code maskwatch} command: one entry point, a subcommand per job. */
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
            io.maskwatch.app.delivery.DevStackCommand.class,
            io.maskwatch.app.delivery.BenchDeliveryCommand.class,
            io.maskwatch.app.delivery.ChaosCommand.class
        })
public final class MaskWatch implements Runnable {

    @Option(
            names = {"-v", "--verbose"},
            scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors and debug logs.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        OnnxRuntimeNatives.useCache();
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new MaskWatch());
        commandLine.setExecutionExceptionHandler(new ErrorReporter());
        ExitStatus.document(commandLine);
        return commandLine;
    }

    /** Prints user errors as one line naming problem and fix; stack traces only with --verbose. */
    static final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(
                Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            boolean verbose = parseResult.hasMatchedOption("--verbose")
                    || parseResult.subcommands().stream().anyMatch(s -> s.hasMatchedOption("--verbose"));
            Throwable userError = findUserError(ex);
            if (userError != null) {
                commandLine.getErr().println("error: " + userError.getMessage());
            } else {
                commandLine.getErr().println("error: " + ex);
            }
            if (verbose || userError == null) {
                ex.printStackTrace(commandLine.getErr());
            }
            return userError != null ? ExitStatus.USER_ERROR : ExitStatus.INTERNAL_ERROR;
        }

        private static Throwable findUserError(Throwable ex) {
            for (Throwable t = ex; t != null; t = t.getCause()) {
                if (t instanceof UserError) {
                    return t;
                }
            }
            return null;
        }
    }
}
