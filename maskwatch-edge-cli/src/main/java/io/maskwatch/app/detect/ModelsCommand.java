package io.maskwatch.app.detect;

import io.maskwatch.app.CommandGroup;
import io.maskwatch.vision.detect.KnownModel;
import io.maskwatch.vision.detect.ModelDirectories;
import io.maskwatch.vision.detect.ModelDownloader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code models}: fetches the detector models detection needs. */
@Command(
        name = "models",
        mixinStandardHelpOptions = true,
        description = "Manage the face detector models (the mask classifier ships with MaskWatch).",
        subcommands = {ModelsCommand.Pull.class})
public final class ModelsCommand extends CommandGroup {

    @Command(
            name = "pull",
            mixinStandardHelpOptions = true,
            description = {
                "Download the YuNet face detector into the model cache and verify its SHA-256.",
                "Without internet, a verified local copy (--from, models/, ../shared/models/) is used instead.",
                "",
                "Example: maskwatch models pull",
                "         maskwatch models pull --from /media/usb/face_detection_yunet_2023mar.onnx"
            })
    public static final class Pull implements Callable<Integer> {
        @Option(names = "--url", paramLabel = "URL", description = "Download from here instead (a mirror).")
        URI url;

        @Option(
                names = "--cache-dir",
                paramLabel = "DIR",
                description = "Model cache (detection.model_cache); default: ~/.cache/maskwatch/models.")
        Path cacheDir;

        @Option(
                names = "--from",
                paramLabel = "FILE",
                description = "Local copy to use when the download fails (checked too); repeatable.")
        List<Path> from = new ArrayList<>();

        @Option(
                names = "--timeout",
                paramLabel = "SECONDS",
                defaultValue = "30",
                description = "Network timeout (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            KnownModel model = KnownModel.YUNET;
            ModelDirectories dirs = new ModelDirectories(cacheDir != null ? cacheDir.toString() : null);
            List<Path> local = new ArrayList<>(from);
            for (Path dir : dirs.searched()) {
                if (!dir.equals(dirs.cache())) {
                    local.add(dir.resolve(model.fileName()));
                }
            }
            // A checkout next to the development data folder (this project's ../shared).
            local.add(Path.of("..", "shared", "models", model.fileName())
                    .toAbsolutePath()
                    .normalize());
            ModelDownloader.Result result = new ModelDownloader(Duration.ofSeconds(timeoutSeconds))
                    .pull(model, url != null ? url : model.url(), dirs.cache(), local);
            spec.commandLine().getOut().println(model.fileName() + ": " + result.how() + " -> " + result.file());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
