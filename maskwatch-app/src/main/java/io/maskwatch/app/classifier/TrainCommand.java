package io.maskwatch.app.classifier;

import io.maskwatch.app.UserError;
import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.classifier.data.FaceFinder;
import io.maskwatch.classifier.data.IncorrectMask;
import io.maskwatch.core.InputException;
import io.maskwatch.train.ClassifierTrainer;
import io.maskwatch.train.ModelWriter;
import io.maskwatch.train.TrainingOptions;
import io.maskwatch.train.augment.Augmentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train the mask / no-mask classifier (MobileNetV2, from scratch or --init) and export it to ONNX.",
            "",
            "Each --data folder is either class folders of face crops (with_mask/, without_mask/; mask/, no_mask/)",
            "or photos with PASCAL VOC annotations (images/ + annotations/), from which face crops are cut.",
            "In class-folder pictures the face is found with the face detector and cut",
            "like an annotated box (--whole-pictures: used whole), as cameras give it.",
            "Writes model.onnx, labels.txt, model.json, training.png and validation.{txt,json} + validation-pr.png.",
            "Ctrl-C stops early and still writes the model, from the best epoch finished so far.",
            "",
            "Example: maskwatch train --data ../shared/data/mask-faces/train --data ../shared/data/mask-scenes --out runs/m1"
        })
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "Training data folder (repeatable).")
    List<Path> data = List.of();

    @Option(
            names = "--train-whole",
            paramLabel = "DIR",
            description = "Training data folder used whole (repeatable): none of its photos held out, while the"
                    + " --data folders are split as usual. For the final model of a recipe chosen on the split:"
                    + " it learns from every photo of DIR, and evaluate --held-out refuses DIR for it.")
    List<Path> wholeData = List.of();

    @Option(
            names = "--val",
            paramLabel = "DIR",
            description = "Validation folder (repeatable). Default: split --val-fraction off each --data folder.")
    List<Path> validation = List.of();

    @Option(
            names = "--val-fraction",
            defaultValue = "0.15",
            description =
                    "Fraction of photos held out for validation when no --val is given (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(
            names = {"-o", "--out"},
            required = true,
            paramLabel = "DIR",
            description = "Model directory to write.")
    Path output;

    @Option(
            names = "--init",
            paramLabel = "MODEL_DIR",
            description = "Fine-tune a previous MaskWatch model instead of starting from scratch.")
    Path init;

    @Option(
            names = "--input-size",
            defaultValue = "64",
            description = "Input side in pixels (default: ${DEFAULT-VALUE}).")
    int inputSize;

    @Option(
            names = "--width",
            defaultValue = "0.5",
            description = "MobileNetV2 width multiplier (default: ${DEFAULT-VALUE}).")
    double width;

    @Option(
            names = "--anti-alias",
            description = "Subsample with a fixed blur after full-resolution convolutions instead of strided"
                    + " convolutions (Zhang 2019): features that move less when the face moves by a pixel;"
                    + " slower to train and to run.")
    boolean antiAliased;

    @Option(names = "--epochs", defaultValue = "30", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(
            names = "--lr",
            defaultValue = "0.002",
            description = "Initial learning rate, Adam with cosine decay (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(
            names = "--weight-decay",
            defaultValue = "0.00004",
            description = "Weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(
            names = "--dropout",
            defaultValue = "0.2",
            description = "Dropout before the classifier (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(
            names = "--patience",
            defaultValue = "6",
            description = "Stop after this many epochs without a better validation loss (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(
            names = "--crop-margin",
            defaultValue = "0.15",
            description = "Margin around annotated face boxes, as a fraction of the box (default: ${DEFAULT-VALUE}).")
    double cropMargin;

    @Option(
            names = "--incorrect-mask",
            defaultValue = "NO_MASK",
            description = "What mask_weared_incorrect counts as: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    IncorrectMask incorrectMask;

    @Option(
            names = "--min-face",
            defaultValue = "12",
            description = "Leave out annotated faces narrower than this many pixels (default: ${DEFAULT-VALUE}).")
    int minFaceSize;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the split, sampling, augmentation and initialisation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--near-duplicates",
            paramLabel = "BITS",
            defaultValue = "40",
            description = "Pictures whose 256-bit difference hashes (or their mirror images') differ in at most"
                    + " BITS bits are one group in the validation split, so copies of a face never sit on both"
                    + " sides (default: ${DEFAULT-VALUE}; -1: by photo alone). A run with --init groups as its"
                    + " parent did.")
    int nearDuplicates;

    @Option(
            names = "--augmentation",
            defaultValue = "STANDARD",
            description = "Augmentation recipe: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). STANDARD:"
                    + " rotation, zoom, shift, shear, flip, down-scaling blur, brightness, contrast, JPEG;"
                    + " COLOUR adds hue, saturation, grayscale and zoom-out.")
    Augmentation augmentation;

    @Option(names = "--no-augment", description = "Train without augmentation (same as --augmentation NONE).")
    boolean noAugment;

    @Option(
            names = "--synthetic-masks",
            defaultValue = "0",
            paramLabel = "P",
            description = "Probability that an unmasked training face is shown with a painted mask (any colour;"
                    + " plain, pleated, striped, checked or printed): half worn properly and labelled with_mask,"
                    + " half below the nose, under the chin or on the neck and labelled as --incorrect-mask says. Only faces"
                    + " whose box is known (annotated or found). Teaches masks of colours and patterns the data"
                    + " lacks (default: ${DEFAULT-VALUE}).")
    double syntheticMasks;

    @Option(
            names = "--real-mask-fabric",
            defaultValue = "0",
            paramLabel = "F",
            description = "Share of the --synthetic-masks cut from the cloth of real masks on masked training faces"
                    + " (at least 20 px wide, box known) instead of drawn: real textures, folds and light"
                    + " (default: ${DEFAULT-VALUE}).")
    double realMaskFabric;

    @Option(
            names = "--respirators",
            defaultValue = "0",
            paramLabel = "R",
            description = "Share of the drawn --synthetic-masks painted as respirators (N95-like cups: white, grey,"
                    + " blue or black, a seam, a nose clip, sometimes a valve, head straps); models called held-out"
                    + " respirators bare (default: ${DEFAULT-VALUE}).")
    double respirators;

    @Option(
            names = "--incorrect-mask-repeats",
            defaultValue = "1",
            paramLabel = "N",
            description = "Show each face annotated mask_weared_incorrect N times per epoch: the rarest faces"
                    + " (98 of 3,138 in mask-scenes) and the ones models miss most (default: ${DEFAULT-VALUE}).")
    int incorrectMaskRepeats;

    @Option(
            names = "--average-from",
            defaultValue = "0",
            paramLabel = "EPOCH",
            description = "Average the weights of every epoch from EPOCH to the last one run (stochastic weight"
                    + " averaging) and write the average instead of the best epoch (default: ${DEFAULT-VALUE}, off).")
    int averageFrom;

    @Option(
            names = "--label-smoothing",
            defaultValue = "0",
            paramLabel = "E",
            description = "Train towards 1 - E/2 for the labelled class and E/2 for the other instead of 1 and 0:"
                    + " keeps the network from betting everything on one cue, and softens the few wrong labels"
                    + " (default: ${DEFAULT-VALUE}, off).")
    double labelSmoothing;

    @Option(
            names = "--teacher",
            paramLabel = "MODEL_DIR",
            description = "A previous MaskWatch model that teaches this one (repeatable; knowledge distillation):"
                    + " the teachers' mean probabilities of each augmented training face take --teacher-weight of"
                    + " its target. Soft targets say how clear a blurred or half-covered face still is, and"
                    + " several teachers together are steadier than one.")
    List<Path> teachers = List.of();

    @Option(
            names = "--teacher-weight",
            defaultValue = "0.5",
            paramLabel = "W",
            description = "Share of each training target the --teacher models give; the label gives the rest"
                    + " (default: ${DEFAULT-VALUE}).")
    double teacherWeight;

    @Option(
            names = "--max-steps",
            defaultValue = "0",
            description = "Limit steps per epoch (0 = full epochs; for quick trials).")
    int maxSteps;

    @Option(
            names = "--threads",
            defaultValue = "1",
            description =
                    "PyTorch CPU threads (default: ${DEFAULT-VALUE}; more only helps on an otherwise idle machine, since busy-waiting threads slow down badly when cores are shared).")
    int threads;

    @Option(
            names = "--no-progress",
            description =
                    "No progress bar (log lines only). There is none anyway when the output goes to a file or a pipe.")
    boolean noProgress;

    @Mixin
    FaceFinderOptions faceFinding;

    @Override
    public Integer call() throws Exception {
        if (inputSize < 32 || inputSize % 32 != 0) {
            throw new UserError(
                    "--input-size must be a multiple of 32 of at least 32 (the network halves it 5 times), got "
                            + inputSize);
        }
        if (width <= 0 || width > 2) {
            throw new UserError("--width must be in (0, 2], got " + width);
        }
        if (syntheticMasks < 0 || syntheticMasks > 1) {
            throw new UserError("--synthetic-masks is a probability between 0 and 1, got " + syntheticMasks);
        }
        if (realMaskFabric < 0 || realMaskFabric > 1) {
            throw new UserError("--real-mask-fabric is a share between 0 and 1, got " + realMaskFabric);
        }
        if (averageFrom < 0 || averageFrom > epochs) {
            throw new UserError("--average-from must be an epoch from 1 to --epochs (" + epochs
                    + "), or 0 for off; got " + averageFrom);
        }
        if (labelSmoothing < 0 || labelSmoothing >= 1) {
            throw new UserError("--label-smoothing must be at least 0 and below 1, got " + labelSmoothing);
        }
        if (teacherWeight <= 0 || teacherWeight > 1) {
            throw new UserError("--teacher-weight must be above 0 and at most 1, got " + teacherWeight);
        }
        if (incorrectMaskRepeats < 1) {
            throw new UserError("--incorrect-mask-repeats must be at least 1, got " + incorrectMaskRepeats);
        }
        if (data.isEmpty() && wholeData.isEmpty()) {
            throw new UserError("no training data: give --data DIR (or --train-whole DIR)");
        }
        List<Path> both = data.stream().filter(wholeData::contains).toList();
        if (!both.isEmpty()) {
            throw new UserError("a folder is either split (--data) or used whole (--train-whole), not both: " + both);
        }
        if (nearDuplicates < -1 || nearDuplicates > 256) {
            throw new UserError("--near-duplicates must be -1 (by photo alone) or 0..256 bits, got " + nearDuplicates);
        }
        if (validation.isEmpty() && (validationFraction <= 0 || validationFraction >= 1)) {
            throw new UserError(
                    "--val-fraction must be between 0 and 1 when no --val folder is given, got " + validationFraction);
        }
        // Must be set before the PyTorch engine starts (on the first use of DJL).
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        TrainingOptions options = new TrainingOptions(
                data,
                wholeData,
                validation,
                validationFraction,
                output,
                init,
                inputSize,
                width,
                antiAliased,
                epochs,
                batchSize,
                learningRate,
                weightDecay,
                dropout,
                patience,
                cropMargin,
                incorrectMask,
                seed,
                nearDuplicates,
                noAugment ? Augmentation.NONE : augmentation,
                syntheticMasks,
                realMaskFabric,
                respirators,
                incorrectMaskRepeats,
                averageFrom,
                labelSmoothing,
                teachers,
                teacherWeight,
                maxSteps,
                minFaceSize,
                showProgressBar());
        ClassifierTrainer.Result trained;
        ClassifierTrainer trainer;
        try (FaceFinder finder = faceFinding.open(1.0)) {
            trainer = new ClassifierTrainer(options, finder);
            trained = trainUntilStopped(trainer);
        } catch (InputException e) {
            throw withFlags(e);
        }
        // Training is over: from here Ctrl-C ends the process as usual.
        try (ClassifierTrainer.Result result = trained) {
            ModelManifest manifest = ModelWriter.write(result, options);
            System.out.println("model " + manifest.id() + " written to " + output
                    + (trainer.stopRequested() ? " (stopped early)" : ""));
            System.out.println(Files.readString(output.resolve("validation.txt")));
        }
        return 0;
    }

    /** The settings the training library names in its errors, and the flags that set them. */
    private static final Map<String, String> FLAGS = new LinkedHashMap<>();

    static {
        FLAGS.put("initial model", "--init");
        FLAGS.put("teacher", "--teacher");
        FLAGS.put("validation fraction", "--val-fraction");
        FLAGS.put("validation folders", "--val");
        FLAGS.put("seed", "--seed");
        FLAGS.put("width", "--width");
        FLAGS.put("input size", "--input-size");
    }

    /** The library's error, followed by the flags of the settings it names (it knows no flags). */
    static RuntimeException withFlags(InputException e) {
        List<String> named = new ArrayList<>();
        FLAGS.forEach((setting, flag) -> {
            if (e.getMessage().contains(setting)) {
                named.add(setting + ": " + flag);
            }
        });
        return named.isEmpty() ? e : new UserError(e.getMessage() + " [" + String.join(", ", named) + "]", e);
    }

    private ClassifierTrainer.Result trainUntilStopped(ClassifierTrainer trainer) throws Exception {
        // Ctrl-C / SIGTERM ask the trainer to stop rather than shutting the JVM down: writing the
        // model needs ONNX Runtime (to evaluate it), which closes itself once shutdown begins.
        try (AutoCloseable stopOnCtrlC = StopSignals.onFirst(() -> {
            System.err.println("stopping: the epoch under way is dropped; the best of the "
                    + trainer.completedEpochs() + " finished epoch(s) is written to " + output
                    + " (Ctrl-C again to quit without it)");
            trainer.stop();
        })) {
            return trainer.train();
        }
    }

    /** A bar redrawn in place is for a person at a terminal; in a log file it is one endless line. */
    private boolean showProgressBar() {
        return !noProgress && System.console() != null;
    }
}
