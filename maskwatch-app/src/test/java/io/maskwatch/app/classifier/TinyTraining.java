package io.maskwatch.app.classifier;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code train} run that shows what the command reads and writes, not what it learns: a tiny
 * network for a step or two on drawn faces, in seconds.
 */
public final class TinyTraining {
    private TinyTraining() {}

    /** {@code train}, the data flags given, a quarter held out, and the model written to {@code model}. */
    public static String[] args(Path model, int steps, String... dataFlags) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(List.of(dataFlags));
        args.addAll(List.of(
                "--val-fraction",
                "0.25",
                // Drawn faces on plain backgrounds all hash alike: split them by picture.
                "--near-duplicates",
                "-1",
                "--whole-pictures",
                "-o",
                model.toString(),
                "--epochs",
                "1",
                "--max-steps",
                String.valueOf(steps),
                "--batch-size",
                "8",
                "--input-size",
                "32",
                "--width",
                "0.25",
                "--no-augment"));
        return args.toArray(String[]::new);
    }
}
