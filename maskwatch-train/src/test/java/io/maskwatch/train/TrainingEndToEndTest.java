package io.maskwatch.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.maskwatch.classifier.FaceTensors;
import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.classifier.OnnxMaskClassifier;
import io.maskwatch.classifier.data.DataSplit;
import io.maskwatch.classifier.data.IncorrectMask;
import io.maskwatch.core.InputException;
import io.maskwatch.testing.SyntheticFaces;
import io.maskwatch.train.augment.Augmentation;
import io.maskwatch.train.net.MobileNetV2;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains a small network on faces the test draws, then checks everything training promises. */
class TrainingEndToEndTest {
    private static final int SIZE = 32;
    private static final double WIDTH = 0.35;
    private static final int EPOCHS = 12;

    @TempDir
    static Path dir;

    static Path modelDir;
    static TrainingHistory history;

    @BeforeAll
    static void trainOnDrawnFaces() throws Exception {
        Path data = SyntheticFaces.writeClassFolders(dir.resolve("data"), 120, 48, 11);
        modelDir = dir.resolve("model");
        TrainingOptions options = options(data, modelDir, null, EPOCHS);
        try (ClassifierTrainer.Result result = new ClassifierTrainer(options).train()) {
            history = result.history();
            ModelWriter.write(result, options);
        }
    }

    static TrainingOptions options(Path data, Path out, Path init, int epochs) {
        return options(data, out, init, epochs, List.of(), 0.5);
    }

    static TrainingOptions options(
            Path data, Path out, Path init, int epochs, List<Path> teachers, double teacherWeight) {
        return new TrainingOptions(
                List.of(data),
                List.of(),
                List.of(),
                0.25,
                out,
                init,
                SIZE,
                WIDTH,
                false,
                epochs,
                16,
                0.003,
                0,
                0.0,
                30,
                0.15,
                IncorrectMask.NO_MASK,
                5,
                // Drawn faces on plain backgrounds all hash alike: split them by picture.
                DataSplit.PHOTOS_ONLY,
                Augmentation.NONE, // augmentation has its own test; here the classes must be learnt quickly
                0,
                0,
                0,
                1,
                0,
                0,
                teachers,
                teacherWeight,
                0,
                0,
                false);
    }

    @Test
    void lossGoesDown() {
        List<TrainingHistory.Epoch> epochs = history.epochs();
        assertThat(epochs).hasSize(EPOCHS);
        assertThat(epochs.get(epochs.size() - 1).trainLoss())
                .isLessThan(epochs.get(0).trainLoss() * 0.7);
        assertThat(epochs.get(epochs.size() - 1).trainAccuracy()).isGreaterThan(0.7);
    }

    @Test
    void writesEveryOutputFile() throws Exception {
        for (String name : List.of(
                "model.onnx",
                "labels.txt",
                "model.json",
                "training.png",
                "validation.txt",
                "validation.json",
                "validation-pr.png")) {
            assertThat(modelDir.resolve(name)).isRegularFile();
            assertThat(Files.size(modelDir.resolve(name))).as(name).isGreaterThan(10);
        }
        assertThat(Files.readAllLines(modelDir.resolve("labels.txt"))).containsExactly("with_mask", "without_mask");
        ModelManifest manifest = ModelManifest.read(modelDir);
        assertThat(manifest.inputSize()).isEqualTo(SIZE);
        assertThat(manifest.architecture()).isEqualTo("mobilenetv2-w" + WIDTH);
        assertThat(manifest.noMaskLabel()).isEqualTo("without_mask");
        assertThat(manifest.recommendedThreshold()).isBetween(0.0, 1.0);
        assertThat(manifest.metrics()).containsKeys("validation", "best_epoch", "history");
        assertThat(manifest.training()).containsKeys("sources", "recipe", "split_seed", "class_folder_pictures");
    }

    @Test
    void exportedOnnxSeparatesTheTwoClasses() {
        DrawnFaceScores scores = DrawnFaceScores.of(modelDir);
        assertThat(scores.unmaskedMinusMaskedMean()).isGreaterThan(0.2);
        assertThat(scores.accuracy()).isGreaterThanOrEqualTo(0.75);
    }

    /** No-mask probabilities the exported model gives 40 drawn faces, every other one masked. */
    private record DrawnFaceScores(float[] noMask, boolean[] masked) {
        static DrawnFaceScores of(Path model) {
            Random random = new Random(99);
            try (OnnxMaskClassifier classifier = OnnxMaskClassifier.load(model, 1)) {
                int n = 40;
                FloatBuffer batch = FloatBuffer.allocate(n * 3 * SIZE * SIZE);
                boolean[] masked = new boolean[n];
                for (int i = 0; i < n; i++) {
                    masked[i] = i % 2 == 0;
                    FaceTensors.put(SyntheticFaces.crop(48, masked[i], random), classifier.manifest(), batch);
                }
                return new DrawnFaceScores(classifier.noMaskProbabilities(batch, n), masked);
            }
        }

        double accuracy() {
            int correct = 0;
            for (int i = 0; i < masked.length; i++) {
                correct += (noMask[i] >= 0.5) != masked[i] ? 1 : 0;
            }
            return (double) correct / masked.length;
        }

        double unmaskedMinusMaskedMean() {
            double gap = 0;
            for (int i = 0; i < masked.length; i++) {
                gap += (masked[i] ? -noMask[i] : noMask[i]) / (masked.length / 2.0);
            }
            return gap;
        }
    }

    /** A continued run must not replay the augmented faces its parent was trained on. */
    @Test
    void aContinuedRunDrawsOtherAugmentationsThanItsParentButTheSameSplit() {
        TrainingOptions fresh = options(dir.resolve("data"), dir.resolve("unused"), null, 1);
        TrainingOptions continued = options(dir.resolve("data"), dir.resolve("unused"), modelDir, 1);
        String parentWeights = InitialWeights.fingerprint(modelDir);
        assertThat(ClassifierTrainer.augmentationSeed(fresh.seed(), null)).isEqualTo(fresh.seed());
        assertThat(ClassifierTrainer.augmentationSeed(continued.seed(), parentWeights))
                .isNotEqualTo(fresh.seed());
        assertThat(continued.seed()).as("the split's seed").isEqualTo(fresh.seed());
    }

    /**
     * A continued run seeds its augmentation from its parent's weights, not from its id (which holds
     * the time it was written): a stage run again that writes the same weights under a new id is
     * continued the same way, so a multi-stage recipe can be run again.
     */
    @Test
    void aContinuedRunIsSeededByItsParentsWeightsNotItsId() throws Exception {
        Path sameWeightsNewId = Files.createDirectories(dir.resolve("same-weights-new-id"));
        for (String name : List.of("model.onnx", "labels.txt")) {
            Files.copy(modelDir.resolve(name), sameWeightsNewId.resolve(name));
        }
        String id = ModelManifest.read(modelDir).id();
        Files.writeString(
                sameWeightsNewId.resolve("model.json"),
                Files.readString(modelDir.resolve("model.json")).replace(id, "maskwatch-20000101-000000-00000000"));
        assertThat(ModelManifest.read(sameWeightsNewId).id()).isNotEqualTo(id);
        assertThat(InitialWeights.fingerprint(sameWeightsNewId)).isEqualTo(InitialWeights.fingerprint(modelDir));

        Path child = trainAndWrite(options(dir.resolve("data"), dir.resolve("child"), modelDir, 1));
        assertThat(InitialWeights.fingerprint(child)).isNotEqualTo(InitialWeights.fingerprint(modelDir));
        assertThat(ModelManifest.read(child).training())
                .extracting("recipe")
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("init_weights", InitialWeights.fingerprint(modelDir))
                .containsEntry("init_id", id);
    }

    private static Path trainAndWrite(TrainingOptions options) throws Exception {
        try (ClassifierTrainer.Result result = new ClassifierTrainer(options).train()) {
            ModelWriter.write(result, options);
        }
        return options.output();
    }

    @Test
    void aContinuedRunMustSplitAsItsParentDid() {
        TrainingOptions same = options(dir.resolve("data"), dir.resolve("unused"), modelDir, 1);
        ModelManifest parent = ModelManifest.read(modelDir);
        ClassifierTrainer.checkSplitMatchesParent(same, parent);
        TrainingOptions otherSeed = with(same, 7, 0);
        assertThatThrownBy(() -> ClassifierTrainer.checkSplitMatchesParent(otherSeed, parent))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("seed 5 and validation fraction 0.25")
                .hasMessageContaining("asks for seed 7");
        TrainingOptions fresh = with(options(dir.resolve("data"), dir.resolve("unused"), null, 1), 7, 0);
        ClassifierTrainer.checkSplitMatchesParent(fresh, null);
    }

    /**
     * Distillation uses the teachers: a student trained only on the teacher's targets (weight 1) from
     * folders whose labels are swapped learns the classes the right way round, as the teacher sees them.
     */
    @Test
    void aStudentLearnsFromItsTeacherNotFromTheLabels() throws Exception {
        Path swapped = SyntheticFaces.writeClassFolders(dir.resolve("swapped"), 120, 48, 12);
        Files.move(swapped.resolve("with_mask"), swapped.resolve("tmp"));
        Files.move(swapped.resolve("without_mask"), swapped.resolve("with_mask"));
        Files.move(swapped.resolve("tmp"), swapped.resolve("without_mask"));
        // The last epoch is written (--average-from EPOCHS): validation, against the swapped labels,
        // would pick the epoch least like the teacher.
        Path student = trainAndWrite(
                with(options(swapped, dir.resolve("student"), null, EPOCHS, List.of(modelDir), 1.0), 5, EPOCHS));

        Path alone = trainAndWrite(with(options(swapped, dir.resolve("alone"), null, EPOCHS), 5, EPOCHS));
        double taught = DrawnFaceScores.of(student).unmaskedMinusMaskedMean();
        double untaught = DrawnFaceScores.of(alone).unmaskedMinusMaskedMean();
        System.out.printf(
                "labels swapped: unmasked minus masked no-mask probability %.3f with the teacher (teacher %.3f),"
                        + " %.3f without%n",
                taught, DrawnFaceScores.of(modelDir).unmaskedMinusMaskedMean(), untaught);
        assertThat(untaught).as("learnt from the swapped labels alone").isLessThan(-0.2);
        // The teacher is itself a few epochs on drawn faces and separates them by 0.34-0.60 from run
        // to run (PyTorch's CPU arithmetic is not repeatable), so the student's own separation
        // ranges from about 0 to 0.13: what holds in every run is that the teacher pulls it far from
        // what the swapped labels alone teach (0.31-0.48 apart in the runs seen).
        assertThat(taught - untaught)
                .as("pulled away from the swapped labels by the teacher")
                .isGreaterThan(0.2);
        assertThat(taught).as("as the teacher sees the faces, or near it").isGreaterThan(-0.05);
        assertThat(ModelManifest.read(student).training())
                .extracting("recipe")
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("teachers", List.of(ModelManifest.read(modelDir).id()))
                .containsEntry("teacher_weight", 1.0);
    }

    @Test
    void aTeacherMustSeeFacesAsTheStudentDoes() {
        ModelManifest teacher = ModelManifest.read(modelDir);
        assertThatThrownBy(() -> TeacherEnsemble.checkSeesFacesAsTheStudent(
                        modelDir, teacher, 64, ClassifierTrainer.MEAN, ClassifierTrainer.STD))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("takes 32 px faces, this run trains on 64 px");
    }

    /** A mistyped --teacher is reported before the data are read (here: a data folder that is not there). */
    @Test
    void aMissingTeacherFailsBeforeTheDataAreRead() {
        Path noTeacher = dir.resolve("no-such-model");
        TrainingOptions options =
                options(dir.resolve("no-such-data"), dir.resolve("unwritten"), null, 1, List.of(noTeacher), 0.5);
        assertThatThrownBy(() -> new ClassifierTrainer(options).train())
                .isInstanceOf(InputException.class)
                .hasMessage("teacher " + noTeacher + " holds no model.onnx: give a model directory written by"
                        + " 'maskwatch train'");
    }

    /** {@code o} with another seed and --average-from. */
    private static TrainingOptions with(TrainingOptions o, long seed, int averageFrom) {
        return new TrainingOptions(
                o.data(),
                o.wholeData(),
                o.validationData(),
                o.validationFraction(),
                o.output(),
                o.init(),
                o.inputSize(),
                o.width(),
                o.antiAliased(),
                o.epochs(),
                o.batchSize(),
                o.learningRate(),
                o.weightDecay(),
                o.dropout(),
                o.patience(),
                o.cropMargin(),
                o.incorrectMask(),
                seed,
                o.nearDuplicateBits(),
                o.augmentation(),
                o.syntheticMasks(),
                o.realMaskFabric(),
                o.respirators(),
                o.incorrectMaskRepeats(),
                averageFrom,
                o.labelSmoothing(),
                o.teachers(),
                o.teacherWeight(),
                o.maxStepsPerEpoch(),
                o.minFaceSize(),
                o.progressBar());
    }

    /**
     * --init loads a previous model exactly (inference mode computes what its ONNX file computes),
     * and after calibration also in training mode, where batch norm uses the batch's own
     * statistics: training goes on from the model instead of from a distorted copy of it.
     */
    @Test
    void initLoadsAPreviousModelExactlyInBothModes() throws Exception {
        assertInitLoadsExactly(modelDir, MobileNetV2.build(WIDTH, 2, 0));
    }

    /**
     * An anti-aliased network trains, names itself in its model, exports its blurs so that ONNX
     * Runtime computes what it computes, and loads back with --init (the blurs are not weights).
     */
    @Test
    void anAntiAliasedNetworkTrainsExportsAndLoadsBack() throws Exception {
        Path out = dir.resolve("anti-aliased");
        TrainingOptions plain = options(dir.resolve("data"), out, null, 3);
        TrainingOptions options = new TrainingOptions(
                plain.data(),
                plain.wholeData(),
                plain.validationData(),
                plain.validationFraction(),
                out,
                null,
                SIZE,
                WIDTH,
                true,
                3,
                plain.batchSize(),
                plain.learningRate(),
                plain.weightDecay(),
                plain.dropout(),
                plain.patience(),
                plain.cropMargin(),
                plain.incorrectMask(),
                plain.seed(),
                plain.nearDuplicateBits(),
                plain.augmentation(),
                0,
                0,
                0,
                1,
                0,
                0,
                List.of(),
                0,
                0,
                0,
                false);
        try (ClassifierTrainer.Result result = new ClassifierTrainer(options).train()) {
            assertThat(result.history().epochs()).hasSize(3);
            ModelWriter.write(result, options);
        }
        assertThat(ModelManifest.read(out).architecture()).isEqualTo("mobilenetv2-w" + WIDTH + "-aa");
        assertInitLoadsExactly(out, MobileNetV2.build(WIDTH, 2, 0, true));
        assertThatThrownBy(() -> InitialWeights.load(out, MobileNetV2.build(WIDTH, 2, 0), SIZE))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("is mobilenetv2-w" + WIDTH + "-aa");
    }

    /**
     * --init loads a previous model exactly (inference mode computes what its ONNX file computes),
     * and after calibration also in training mode, where batch norm uses the batch's own
     * statistics: training goes on from the model instead of from a distorted copy of it.
     */
    private static void assertInitLoadsExactly(Path modelDir, MobileNetV2 net) throws Exception {
        try (Model model = Model.newInstance("init", "PyTorch");
                NDManager manager = NDManager.newBaseManager("PyTorch");
                OnnxMaskClassifier onnx = OnnxMaskClassifier.load(modelDir, 1)) {
            model.setBlock(net.block());
            net.block().initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
            InitialWeights.load(modelDir, net, SIZE);
            int n = 32;
            FloatBuffer batch = FloatBuffer.allocate(n * 3 * SIZE * SIZE);
            Random random = new Random(6);
            for (int i = 0; i < n; i++) {
                FaceTensors.put(SyntheticFaces.crop(40, i % 2 == 0, random), onnx.manifest(), batch);
            }
            NDArray x = manager.create(batch.array(), new Shape(n, 3, SIZE, SIZE));
            float[][] expected = onnx.probabilities(batch, n);
            assertThat(maxDifference(noMask(net, manager, x, false), expected)).isLessThan(1e-4);
            // Uncalibrated, training mode is another function altogether.
            assertThat(maxDifference(noMask(net, manager, x, true), expected)).isGreaterThan(0.01);

            // That training-mode pass moved the running statistics: load again, then calibrate.
            InitialWeights.load(modelDir, net, SIZE);
            InitialWeights.calibrate(net, x);

            assertThat(maxDifference(noMask(net, manager, x, false), expected)).isLessThan(1e-4);
            assertThat(maxDifference(noMask(net, manager, x, true), expected)).isLessThan(1e-3);
        }
    }

    private static float[] noMask(MobileNetV2 net, NDManager manager, NDArray x, boolean training) {
        float[] p = net.block()
                .forward(new ParameterStore(manager, false), new NDList(x), training)
                .singletonOrThrow()
                .softmax(1)
                .toFloatArray();
        float[] noMask = new float[p.length / 2];
        for (int i = 0; i < noMask.length; i++) {
            noMask[i] = p[i * 2 + 1];
        }
        return noMask;
    }

    private static double maxDifference(float[] noMask, float[][] expected) {
        double max = 0;
        for (int i = 0; i < noMask.length; i++) {
            max = Math.max(max, Math.abs(noMask[i] - expected[i][1]));
        }
        return max;
    }

    @Test
    void initWithADifferentArchitectureIsAClearError() {
        MobileNetV2 net = MobileNetV2.build(1.0, 2, 0);
        assertThatThrownBy(() -> InitialWeights.load(modelDir, net, SIZE))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("that model's width and input size");
    }

    @Test
    void stopKeepsTheBestFinishedEpoch() throws Exception {
        Path data = dir.resolve("data");
        ClassifierTrainer trainer = new ClassifierTrainer(options(data, dir.resolve("stopped"), null, 200));
        Thread stopper = new Thread(() -> {
            while (trainer.completedEpochs() < 2) {
                Thread.onSpinWait();
            }
            trainer.stop();
        });
        stopper.start();
        try (ClassifierTrainer.Result result = trainer.train()) {
            // Stopped during epoch 3 (or, if the stop came between epochs, right after epoch 2).
            assertThat(result.history().epochs()).hasSizeBetween(2, 3);
            assertThat(result.bestEpoch()).isBetween(1, 3);
        }
        stopper.join();
    }

    @Test
    void withAveragingTheMeanOfTheLaterEpochsIsWrittenAndSaysSo() throws Exception {
        Path out = dir.resolve("averaged");
        // Continuing the trained model: four epochs from scratch are too few to separate the classes.
        TrainingOptions options = with(options(dir.resolve("data"), out, modelDir, 4), 5, 2);
        try (ClassifierTrainer.Result result = new ClassifierTrainer(options).train()) {
            assertThat(result.averagedFrom()).isEqualTo(2);
            assertThat(result.averagedTo()).isEqualTo(4);
            ModelWriter.write(result, options);
        }
        ModelManifest manifest = ModelManifest.read(out);
        assertThat(manifest.metrics()).containsEntry("averaged_epochs", "2-4");
        assertThat(DrawnFaceScores.of(out).accuracy())
                .as("the averaged network still separates the classes, by the exported model's bar")
                .isGreaterThanOrEqualTo(0.75);
    }

    @Test
    void stopBeforeTheFirstEpochEndsWritesNothingAndSaysSo() {
        ClassifierTrainer trainer =
                new ClassifierTrainer(options(dir.resolve("data"), dir.resolve("never"), null, 200));
        trainer.stop();
        assertThatThrownBy(trainer::train)
                .isInstanceOf(InputException.class)
                .hasMessageContaining("before its first epoch ended");
    }
}
