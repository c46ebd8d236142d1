package io.maskwatch.app.detect;

import io.maskwatch.app.ExitStatus;
import io.maskwatch.app.UserError;
import io.maskwatch.vision.pipeline.RunSummary;
import io.maskwatch.vision.source.FrameSource;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What detect says, at the end of a run, about input it could not read whole: a damaged source that
 * still gave frames is one {@code warning:} line and {@link ExitStatus#WARNINGS}; a source of which
 * nothing at all could be read is an error. Without this, a truncated video or a folder of broken
 * images ended like a complete one.
 */
final class InputDamage {
    private InputDamage() {}

    /**
     * @param summaries one per source, in the same order
     * @return the exit status: {@link ExitStatus#OK} or {@link ExitStatus#WARNINGS}
     * @throws UserError when a damaged source gave no frame at all
     */
    static int report(List<FrameSource> sources, List<RunSummary> summaries, PrintWriter err) {
        List<String> unreadable = new ArrayList<>();
        boolean warned = false;
        for (int i = 0; i < sources.size(); i++) {
            List<String> problems = problems(sources.get(i), summaries.get(i));
            if (problems.isEmpty()) {
                continue;
            }
            String what = sources.get(i).name() + ": " + String.join("; ", problems);
            if (summaries.get(i).frames() == 0) {
                unreadable.add(what);
            } else {
                err.println("warning: " + what);
                warned = true;
            }
        }
        err.flush();
        if (!unreadable.isEmpty()) {
            throw new UserError("nothing could be read from " + String.join("; and from ", unreadable)
                    + "; replace the damaged files or point --source at readable ones");
        }
        return warned ? ExitStatus.WARNINGS : ExitStatus.OK;
    }

    private static List<String> problems(FrameSource source, RunSummary summary) {
        List<String> problems = new ArrayList<>(source.stats().damage());
        long skipped = summary.skipped();
        if (skipped > 0) {
            problems.add(skipped + " of " + (summary.frames() + skipped) + " images are not readable images"
                    + " (corrupt, truncated or another format) and were skipped");
        }
        return problems;
    }
}
