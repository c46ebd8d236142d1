package io.maskwatch.train;

import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.classifier.OnnxMaskClassifier;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Previous MaskWatch models that teach a new one (knowledge distillation, {@code --teacher}): each
 * augmented training face is shown to them too, and their mean no-mask probability becomes part of
 * the face's training target. A hard label says "unmasked" with full confidence even when
 * augmentation has blurred a face to 12 px or painted a mask over its nose; the teachers say how
 * clear the face still is, so a small network does not spend its capacity on faces nobody could
 * tell, and it learns from the several teachers' average, which is steadier than any one of them.
 */
final class TeacherEnsemble implements AutoCloseable {
    private final List<OnnxMaskClassifier> teachers;

    private TeacherEnsemble(List<OnnxMaskClassifier> teachers) {
        this.teachers = teachers;
    }

    /**
     * Loads the teachers, each run by one ONNX Runtime thread (the batches are made on a background
     * thread while PyTorch trains on the others).
     *
     * @throws TrainingException when a teacher is missing or sees faces otherwise than the student does
     */
    static TeacherEnsemble load(List<Path> dirs, int inputSize, float[] mean, float[] std) {
        List<OnnxMaskClassifier> loaded = new ArrayList<>();
        try {
            for (Path dir : dirs) {
                if (!Files.isRegularFile(dir.resolve(OnnxMaskClassifier.MODEL_FILE))) {
                    throw new TrainingException("teacher " + dir + " holds no " + OnnxMaskClassifier.MODEL_FILE
                            + ": give a model directory written by 'maskwatch train'");
                }
                OnnxMaskClassifier teacher = OnnxMaskClassifier.load(dir, 1);
                loaded.add(teacher);
                checkSeesFacesAsTheStudent(dir, teacher.manifest(), inputSize, mean, std);
            }
        } catch (RuntimeException e) {
            loaded.forEach(OnnxMaskClassifier::close);
            throw e;
        }
        return new TeacherEnsemble(List.copyOf(loaded));
    }

    /** A teacher must take the student's input tensors as they are: same size and normalisation. */
    static void checkSeesFacesAsTheStudent(Path dir, ModelManifest teacher, int inputSize, float[] mean, float[] std) {
        if (teacher.inputSize() != inputSize) {
            throw new TrainingException(
                    "teacher " + dir + " takes " + teacher.inputSize() + " px faces, this run trains on "
                            + inputSize + " px: train at " + teacher.inputSize() + " px or use a teacher of "
                            + inputSize + " px");
        }
        if (!Arrays.equals(teacher.mean(), mean) || !Arrays.equals(teacher.std(), std)) {
            throw new TrainingException("teacher " + dir + " normalises pixels with mean "
                    + Arrays.toString(teacher.mean())
                    + " / std " + Arrays.toString(teacher.std()) + ", the trainer with " + Arrays.toString(mean)
                    + " / " + Arrays.toString(std) + ": use a teacher made by this version of 'maskwatch train'");
        }
    }

    int size() {
        return teachers.size();
    }

    /**
     * The teachers' mean no-mask probability of each of {@code count} faces in {@code nchw} (the
     * student's normalised input batch).
     */
    float[] noMaskProbabilities(float[] nchw, int count) {
        float[] mean = new float[count];
        for (OnnxMaskClassifier teacher : teachers) {
            float[] p = teacher.noMaskProbabilities(FloatBuffer.wrap(nchw), count);
            for (int i = 0; i < count; i++) {
                mean[i] += p[i] / teachers.size();
            }
        }
        return mean;
    }

    @Override
    public void close() {
        teachers.forEach(OnnxMaskClassifier::close);
    }
}
