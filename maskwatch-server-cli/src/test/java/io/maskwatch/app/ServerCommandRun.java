package io.maskwatch.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** A command of the server package's {@code maskwatch}, run in this JVM, with what it printed. */
public record ServerCommandRun(int exit, String out, String err) {

    public static ServerCommandRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = MaskWatchServer.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new ServerCommandRun(exit, out.toString(), err.toString());
    }
}
