package io.maskwatch.app;

import io.maskwatch.core.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What every package's {@code maskwatch} command shares: {@code --verbose}, the usage when no
 * subcommand is given, and one way of reporting errors. Each package (edge, server, workstation)
 * has its own root command with the subcommands that package contains.
 */
public abstract class RootCommand implements Runnable {

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

    /** The command line of {@code root}, with MaskWatch's error reporting and exit statuses. */
    public static CommandLine commandLine(RootCommand root) {
        CommandLine commandLine = new CommandLine(root);
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
                // The command layer's own errors, and what the libraries say of their input.
                if (t instanceof UserError || t instanceof InputException) {
                    return t;
                }
            }
            return null;
        }
    }
}
