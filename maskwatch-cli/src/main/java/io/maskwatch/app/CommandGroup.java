package io.maskwatch.app;

import picocli.CommandLine;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code maskwatch models pull}, {@code maskwatch alerts
 * delete}): given alone, it prints its usage, which lists them.
 */
public abstract class CommandGroup implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
