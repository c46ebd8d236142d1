package io.maskwatch.app;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * The exit statuses every {@code maskwatch} command keeps to, so that a script can tell "done",
 * "done, but look" and "failed, and why" apart; each command's {@code --help} lists them.
 */
public final class ExitStatus {
    /** Finished; every input was read whole. */
    public static final int OK = 0;
    /** An unexpected failure (a bug or a broken installation); the stack trace is printed. */
    public static final int INTERNAL_ERROR = 1;
    /** Bad input, configuration or flags: one {@code error:} line names the problem and the fix. */
    public static final int USER_ERROR = 2;
    /**
     * Finished, and the outputs are valid, but some input was damaged or unreadable: one {@code
     * warning:} line per source says what was lost.
     */
    public static final int WARNINGS = 3;

    /** A command that can end with {@link #WARNINGS}; the others never do, and their help does not list it. */
    public interface MayWarn {}

    private ExitStatus() {}

    /** Lists the statuses in the {@code --help} of {@code commandLine} and of every subcommand. */
    public static void document(CommandLine commandLine) {
        Map<String, String> list = new LinkedHashMap<>();
        list.put(
                String.valueOf(OK),
                "finished" + (commandLine.getCommand() instanceof MayWarn ? "; every input was read whole" : ""));
        list.put(String.valueOf(INTERNAL_ERROR), "unexpected failure (a bug); the stack trace is printed");
        list.put(
                String.valueOf(USER_ERROR),
                "bad input, configuration or flags; the 'error:' line names the problem and the fix");
        if (commandLine.getCommand() instanceof MayWarn) {
            list.put(
                    String.valueOf(WARNINGS),
                    "finished with warnings: some input was damaged or unreadable ('warning:' lines); what was"
                            + " read is analysed and stored");
        }
        commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n");
        commandLine.getCommandSpec().usageMessage().exitCodeList(list);
        commandLine.getSubcommands().values().forEach(ExitStatus::document);
    }
}
