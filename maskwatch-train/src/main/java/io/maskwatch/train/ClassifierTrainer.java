package io.maskwatch.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.classifier.data.DataSplit;
import io.maskwatch.classifier.data.FaceFinder;
import io.maskwatch.classifier.data.NearDuplicates;
import io.maskwatch.train.augment.Augmenter;
import io.maskwatch.train.net.MobileNetV2;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link MobileNetV2} from scratch (or from a previous MaskWatch model) with DJL and the
 * PyTorch engine: Adam with cosine learning-rate decay, class-balanced epochs, augmentation
 * prepared on a background thread while the network trains, early stopping on validation loss and
 * the best epoch's weights kept.
 */
public final class ClassifierTrainer {
    private static final Logger log = LoggerFactory.getLogger(ClassifierTrainer.class);

    /** Normalisation of inputs (ImageNet statistics, a common convention). */
    static final float[] MEAN = {0.485f, 0.456f, 0.406f};

    static final float[] STD = {0.229f, 0.224f, 0.225f};

    /** Training faces whose statistics the batch norms of an --init model are given. */
    private static final int CALIBRATION_FACES = 512;

    /**
     * What training produced: the network with its best (or averaged) weights, and how it got there.
     *
     * @param averagedFrom first epoch of the weights averaged into the network, 0 when it holds the
     *     best epoch's weights
     * @param averagedTo last epoch averaged (0 when none)
     */
    public record Result(
            MobileNetV2 net,
            TrainingHistory history,
            int bestEpoch,
            TrainingSet data,
            Model model,
            int averagedFrom,
            int averagedTo)
            implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    private final TrainingOptions options;
    private final FaceFinder faceFinder;
    private volatile boolean stopRequested;
    private volatile int completedEpochs;

    /** A trainer that uses the pictures of class folders whole. */
    public ClassifierTrainer(TrainingOptions options) {
        this(options, FaceFinder.WHOLE_PICTURES);
    }

    /** A trainer that cuts the faces {@code faceFinder} finds out of the pictures of class folders. */
    public ClassifierTrainer(TrainingOptions options, FaceFinder faceFinder) {
        this.options = options;
        this.faceFinder = faceFinder;
    }

    /**
     * Asks a running {@link #train()} to stop (Ctrl-C): the epoch under way is abandoned and the
     * best epoch so far is returned, so hours of training are not thrown away.
     */
    public void stop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    /** Epochs finished so far (for progress and for stopping). */
    public int completedEpochs() {
        return completedEpochs;
    }

    /**
     * The seed of the epoch order and augmentation. A run that continues a model ({@code --init})
     * mixes in that model's weights: with the plain seed it would replay, epoch by epoch, the very
     * augmented faces its parent was trained on (continued runs then fitted those, training loss
     * 0.08-0.09 against the parent's 0.11, while validation loss rose). The weights, not the
     * model's id (which holds the time it was written), so that running a multi-stage recipe again
     * gives the same models. The split keeps the plain seed, so every stage holds out the same photos.
     *
     * @param parentWeights the {@code --init} model's {@link InitialWeights#fingerprint}, null for a
     *     run from scratch
     */
    static long augmentationSeed(long seed, String parentWeights) {
        return parentWeights == null ? seed : seed ^ (Long.parseUnsignedLong(parentWeights, 16) * 0x9E3779B97F4A7C15L);
    }

    private SyntheticMasks syntheticMasks(List<Sample> train) {
        SyntheticMasks masks = SyntheticMasks.from(
                options.syntheticMasks(),
                options.incorrectMask(),
                options.realMaskFabric(),
                options.respirators(),
                train);
        if (masks.realFabric() > 0) {
            log.info(
                    "real mask fabric cut from {} masked training faces",
                    masks.fabrics().size());
        }
        return masks;
    }

    /**
     * A run continuing a model must split its data as that model did: with another seed or
     * fraction it would validate, pick its best epoch and later be evaluated {@code --held-out} on
     * photos the parent was trained on (a continuation with --seed 7 showed validation accuracy 0.991
     * in its first epoch, against its parent's 0.969).
     *
     * @param parent the {@code --init} model's manifest, null for a run from scratch
     */
    static void checkSplitMatchesParent(TrainingOptions options, ModelManifest parent) {
        if (parent == null || !options.validationData().isEmpty()) {
            return;
        }
        Map<String, Object> training = parent.training() == null ? Map.of() : parent.training();
        if (training.get("split_seed") instanceof Number seed
                && training.get("validation_fraction") instanceof Number fraction
                && (seed.longValue() != options.seed()
                        || Math.abs(fraction.doubleValue() - options.validationFraction()) > 1e-9)) {
            throw new TrainingException("the initial model " + parent.id()
                    + " held out its validation photos with seed "
                    + seed + " and validation fraction " + fraction + ", this run asks for seed " + options.seed()
                    + " and validation fraction " + options.validationFraction()
                    + ": it would validate on photos the model was trained on. Use seed " + seed
                    + " and validation fraction " + fraction
                    + " (a continued run draws other augmentations by itself)");
        }
    }

    /**
     * A continued run groups near-duplicates as its parent did (models from before the grouping:
     * by photo alone), for the same reason it must keep the parent's seed.
     */
    private int nearDuplicateDistance(ModelManifest parent) {
        if (parent == null) {
            return options.nearDuplicateBits();
        }
        int inherited = DataSplit.nearDuplicateDistance(parent);
        if (inherited != options.nearDuplicateBits()) {
            log.info(
                    "grouping near-duplicates as the initial model {} did: {}",
                    parent.id(),
                    inherited == DataSplit.PHOTOS_ONLY ? "by photo alone" : NearDuplicates.describe(inherited));
        }
        return inherited;
    }

    public Result train() {
        ModelManifest parent = options.init() == null ? null : ModelManifest.read(options.init());
        checkSplitMatchesParent(options, parent);
        // The teachers are opened before the data are read, so that a wrong --teacher fails at once
        // rather than after the minutes the face detector takes over the class-folder pictures.
        try (TeacherEnsemble teachers = teachers()) {
            return train(TrainingSet.load(options, faceFinder, nearDuplicateDistance(parent)), teachers);
        }
    }

    private Result train(TrainingSet data, TeacherEnsemble teachers) {
        log.info(
                "training on {} faces, validating on {}",
                data.train().size(),
                data.validation().size());
        MobileNetV2 net = MobileNetV2.build(options.width(), 2, options.dropout(), options.antiAliased());
        Model model = Model.newInstance("maskwatch-classifier", "PyTorch");
        model.setBlock(net.block());
        BatchMaker trainBatches = trainingBatches(data.train());
        BatchMaker validationBatches = validationBatches(data.validation());
        int stepsPerEpoch = stepsPerEpoch(trainBatches.epochOrder(0).size());
        TrainingTargets targets = new TrainingTargets(
                options.labelSmoothing(), options.teachers().isEmpty() ? 0 : options.teacherWeight());
        DefaultTrainingConfig config = new DefaultTrainingConfig(targets.loss())
                .optOptimizer(Optimizer.adam()
                        .optLearningRateTracker(cosineDecay(stepsPerEpoch))
                        .optWeightDecays((float) options.weightDecay())
                        .build());
        TrainingHistory history = new TrainingHistory();
        ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "batch-prefetch");
            t.setDaemon(true);
            return t;
        });
        try (Trainer trainer = model.newTrainer(config)) {
            // Seeded right before the weights are drawn. Seeded before the model was made, the first
            // run in a JVM started from other weights than the runs after it (something in PyTorch's
            // first-time set-up draws from its generator), so two trainings in one process differed.
            Engine.getInstance().setRandomSeed((int) options.seed());
            trainer.initialize(new Shape(1, 3, options.inputSize(), options.inputSize()));
            if (options.init() != null) {
                InitialWeights.load(options.init(), net, options.inputSize());
                calibrateBatchNorm(trainer.getManager(), net, trainBatches);
            }
            double bestLoss = Double.MAX_VALUE;
            int bestEpoch = 0;
            Map<String, float[]> best = snapshot(net);
            WeightAverage average = new WeightAverage();
            for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                double[] train = trainEpoch(trainer, trainBatches, targets, teachers, epoch, stepsPerEpoch, prefetch);
                if (train == null) {
                    log.info("stopped during epoch {}: keeping the best of the {} finished", epoch, epoch - 1);
                    break;
                }
                double[] validation = validate(trainer.getManager(), net, validationBatches);
                history.add(new TrainingHistory.Epoch(epoch, train[0], train[1], validation[0], validation[1]));
                completedEpochs = epoch;
                log.info(String.format(
                        Locale.ROOT,
                        "epoch %d/%d: loss %.4f acc %.4f | val loss %.4f val acc %.4f",
                        epoch,
                        options.epochs(),
                        train[0],
                        train[1],
                        validation[0],
                        validation[1]));
                if (options.averageFrom() > 0 && epoch >= options.averageFrom()) {
                    average.add(snapshot(net), epoch);
                }
                if (validation[0] < bestLoss) {
                    bestLoss = validation[0];
                    bestEpoch = epoch;
                    best = snapshot(net);
                } else if (epoch - bestEpoch >= options.patience()) {
                    log.info("early stop: validation loss has not improved for {} epochs", options.patience());
                    break;
                }
            }
            if (bestEpoch == 0) {
                throw new TrainingException("training stopped before its first epoch ended; no model written");
            }
            log.info("best epoch {} (validation loss {})", bestEpoch, String.format("%.4f", bestLoss));
            if (average.count() > 0) {
                restore(net, average.mean());
                double[] averaged = validate(trainer.getManager(), net, validationBatches);
                log.info(String.format(
                        Locale.ROOT,
                        "weights averaged over epochs %d-%d: val loss %.4f val acc %.4f (written instead of the best epoch)",
                        average.firstEpoch(),
                        average.lastEpoch(),
                        averaged[0],
                        averaged[1]));
                return new Result(net, history, bestEpoch, data, model, average.firstEpoch(), average.lastEpoch());
            }
            if (options.averageFrom() > 0) {
                log.warn(
                        "training ended before epoch {}, where weight averaging was to start: the best epoch is written",
                        options.averageFrom());
            }
            restore(net, best);
            return new Result(net, history, bestEpoch, data, model, 0, 0);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        } finally {
            prefetch.shutdownNow();
        }
    }

    /** Training faces augmented, with synthetic masks and repeats, as the options ask. */
    private BatchMaker trainingBatches(List<Sample> train) {
        return new BatchMaker(
                train,
                new Augmenter(options.augmentation().settings(), options.inputSize()),
                syntheticMasks(train),
                options.incorrectMaskRepeats(),
                options.inputSize(),
                MEAN,
                STD,
                augmentationSeed(
                        options.seed(), options.init() == null ? null : InitialWeights.fingerprint(options.init())));
    }

    /** Validation faces as they are: no augmentation, no synthetic masks, each once. */
    private BatchMaker validationBatches(List<Sample> validation) {
        return new BatchMaker(
                validation,
                new Augmenter(Augmenter.Settings.none(), options.inputSize()),
                SyntheticMasks.NONE,
                1,
                options.inputSize(),
                MEAN,
                STD,
                options.seed());
    }

    /** The learning rate: from --lr down to a hundredth of it over the run, along a cosine. */
    private Tracker cosineDecay(int stepsPerEpoch) {
        return Tracker.cosine()
                .setBaseValue((float) options.learningRate())
                .optFinalValue((float) options.learningRate() / 100)
                .setMaxUpdates(Math.max(1, stepsPerEpoch * options.epochs()))
                .build();
    }

    /** Gives the loaded model's batch norms real statistics from augmented training faces (see InitialWeights). */
    private void calibrateBatchNorm(NDManager parent, MobileNetV2 net, BatchMaker batches) {
        BatchMaker.Batch batch = batches.make(slice(batches.epochOrder(0), 0, CALIBRATION_FACES), 0, 0);
        try (NDManager manager = parent.newSubManager()) {
            NDArray x = images(manager, batch);
            InitialWeights.calibrate(net, x);
        }
        log.info("initial model: batch norm statistics taken from {} training faces", batch.size());
    }

    /** A batch's images as a tensor of shape (n, 3, size, size). */
    private NDArray images(NDManager manager, BatchMaker.Batch batch) {
        return manager.create(batch.images(), new Shape(batch.size(), 3, options.inputSize(), options.inputSize()));
    }

    private int stepsPerEpoch(int epochSize) {
        int steps = Math.max(1, epochSize / options.batchSize());
        return options.maxStepsPerEpoch() > 0 ? Math.min(steps, options.maxStepsPerEpoch()) : steps;
    }

    /** The --teacher models, or null without any. */
    private TeacherEnsemble teachers() {
        if (options.teachers().isEmpty()) {
            return null;
        }
        TeacherEnsemble teachers = TeacherEnsemble.load(options.teachers(), options.inputSize(), MEAN, STD);
        log.info(
                "distillation: {} teacher(s) give {} of each training target",
                teachers.size(),
                options.teacherWeight());
        return teachers;
    }

    /**
     * One epoch; returns {mean loss, accuracy}, or null when stopped before its end. The next batch is
     * augmented (and shown to the teachers) on the prefetch thread while the network trains on this one.
     */
    private double[] trainEpoch(
            Trainer trainer,
            BatchMaker batches,
            TrainingTargets targets,
            TeacherEnsemble teachers,
            int epoch,
            int steps,
            ExecutorService prefetch) {
        List<Integer> order = batches.epochOrder(epoch);
        int b = options.batchSize();
        double lossSum = 0;
        long correct = 0, seen = 0;
        IntFunction<BatchMaker.Batch> make = from -> {
            BatchMaker.Batch batch = batches.make(slice(order, from, b), epoch, from);
            return teachers == null ? batch : batch.taughtBy(teachers);
        };
        CompletableFuture<BatchMaker.Batch> next = CompletableFuture.supplyAsync(() -> make.apply(0), prefetch);
        try (ProgressBar bar = progressBar("epoch " + epoch + "/" + options.epochs(), steps)) {
            for (int step = 0; step < steps; step++) {
                if (stopRequested) {
                    return null;
                }
                BatchMaker.Batch batch = next.join();
                if (step + 1 < steps) {
                    int from = (step + 1) * b;
                    next = CompletableFuture.supplyAsync(() -> make.apply(from), prefetch);
                }
                // A sub-manager per step: DJL frees the step's arrays when it closes.
                try (NDManager manager = trainer.getManager().newSubManager()) {
                    NDArray x = images(manager, batch);
                    NDArray target = targets.of(manager, batch.labels(), batch.teacherNoMask());
                    // Plain targets are the class indices the accuracy is counted against.
                    NDArray y = target.getShape().dimension() == 1 ? target : manager.create(batch.labels());
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                        NDArray loss = trainer.getLoss().evaluate(new NDList(target), new NDList(logits));
                        collector.backward(loss);
                        lossSum += loss.getFloat() * batch.size();
                        correct += countCorrect(logits, y);
                        seen += batch.size();
                    }
                    trainer.step();
                }
                if (bar != null) {
                    bar.step();
                    bar.setExtraMessage(
                            String.format(Locale.ROOT, " loss %.4f acc %.4f", lossSum / seen, (double) correct / seen));
                }
            }
        }
        return new double[] {lossSum / seen, (double) correct / seen};
    }

    private ProgressBar progressBar(String task, int steps) {
        if (!options.progressBar()) {
            return null;
        }
        return new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(steps)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .continuousUpdate()
                .build();
    }

    /** Validation loss and accuracy, in inference mode (batch norm uses its running statistics). */
    private double[] validate(NDManager parent, MobileNetV2 net, BatchMaker batches) {
        List<Integer> order = IntStream.range(0, batches.size()).boxed().toList();
        double lossSum = 0;
        long correct = 0;
        Loss loss = Loss.softmaxCrossEntropyLoss();
        for (int from = 0; from < order.size(); from += 128) {
            BatchMaker.Batch batch = batches.make(slice(order, from, 128), 0, from);
            try (NDManager manager = parent.newSubManager()) {
                NDArray x = images(manager, batch);
                NDArray y = manager.create(batch.labels());
                NDArray logits = net.block()
                        .forward(new ParameterStore(manager, false), new NDList(x), false)
                        .singletonOrThrow();
                lossSum += loss.evaluate(new NDList(y), new NDList(logits)).getFloat() * batch.size();
                correct += countCorrect(logits, y);
            }
        }
        return new double[] {lossSum / order.size(), (double) correct / order.size()};
    }

    /** How many rows of {@code logits} have their largest value at the class {@code labels} give. */
    private static long countCorrect(NDArray logits, NDArray labels) {
        return logits.argMax(1).toType(DataType.FLOAT32, false).eq(labels).sum().getLong();
    }

    private static List<Integer> slice(List<Integer> order, int from, int size) {
        return order.subList(Math.min(from, order.size()), Math.min(from + size, order.size()));
    }

    private static Map<String, float[]> snapshot(MobileNetV2 net) {
        Map<String, float[]> values = new HashMap<>();
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            values.put(p.getValue().getId(), p.getValue().getArray().toFloatArray());
        }
        return values;
    }

    private static void restore(MobileNetV2 net, Map<String, float[]> values) {
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            p.getValue().getArray().set(values.get(p.getValue().getId()));
        }
    }
}
