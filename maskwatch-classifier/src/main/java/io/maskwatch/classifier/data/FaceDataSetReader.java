package io.maskwatch.classifier.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a labelled face folder in either layout MaskWatch accepts: class folders of face crops
 * ({@code with_mask/}, {@code without_mask/}; {@code mask/}, {@code no_mask/} too) or photos with
 * PASCAL VOC annotations ({@code images/} + {@code annotations/}). Only file names and XML are read
 * here; pixels are decoded later by {@link FaceImages}, which skips and counts unreadable files.
 */
public final class FaceDataSetReader {
    private static final List<String> IMAGE_SUFFIXES = List.of(".jpg", ".jpeg", ".png", ".bmp");

    private final IncorrectMask incorrectMask;

    public FaceDataSetReader(IncorrectMask incorrectMask) {
        this.incorrectMask = incorrectMask;
    }

    public DataSet read(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DataSetException("data set folder not found: " + root
                    + "; give a folder of class subfolders (with_mask/, without_mask/) or of images/ + annotations/");
        }
        DataSet dataSet = Files.isDirectory(root.resolve("annotations")) ? readVoc(root) : readClassFolders(root);
        if (dataSet.faces().isEmpty()) {
            throw new DataSetException(
                    "data set " + root + " holds no labelled faces; expected with_mask/ and without_mask/"
                            + " folders of images, or images/ + annotations/ (PASCAL VOC)");
        }
        return dataSet;
    }

    private DataSet readClassFolders(Path root) {
        List<LabelledFace> faces = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path folder : list(root, Files::isDirectory)) {
            String name = folder.getFileName().toString();
            if (name.startsWith(".")) {
                continue;
            }
            Label label = Label.fromName(name)
                    .orElseThrow(() -> new DataSetException("unknown class folder '" + name + "' in " + root
                            + "; class folders must be named with_mask / without_mask (or mask / no_mask)"));
            for (Path file : list(folder, Files::isRegularFile)) {
                if (isImage(file)) {
                    faces.add(new LabelledFace(file.toString(), file, null, label, 0, false));
                } else if (!file.getFileName().toString().startsWith(".")) {
                    skipped.add(file + ": not an image file (jpg, jpeg, png, bmp)");
                }
            }
        }
        return new DataSet(root, DataSet.Layout.CLASS_FOLDERS, faces, skipped);
    }

    private DataSet readVoc(Path root) {
        Path images = root.resolve("images");
        if (!Files.isDirectory(images)) {
            throw new DataSetException(
                    root + " has annotations/ but no images/ folder; PASCAL VOC data sets need both");
        }
        List<LabelledFace> faces = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path xml : list(root.resolve("annotations"), p -> p.toString().endsWith(".xml"))) {
            VocAnnotation annotation = VocAnnotation.parse(xml);
            Path image = images.resolve(annotation.fileName());
            if (!Files.isRegularFile(image)) {
                skipped.add(xml + ": image " + image + " not found");
                continue;
            }
            for (int i = 0; i < annotation.objects().size(); i++) {
                VocAnnotation.VocObject object = annotation.objects().get(i);
                Optional<Label> label = labelOf(object.name(), xml);
                if (label.isEmpty()) {
                    continue;
                }
                LabelledFace.Box box = annotation.checkedBox(object, i, xml);
                faces.add(new LabelledFace(
                        image.toString(), image, box, label.get(), box.width(), isIncorrect(object.name())));
            }
        }
        return new DataSet(root, DataSet.Layout.VOC, faces, skipped);
    }

    private Optional<Label> labelOf(String name, Path xml) {
        if (isIncorrect(name)) {
            return switch (incorrectMask) {
                case NO_MASK -> Optional.of(Label.WITHOUT_MASK);
                case MASK -> Optional.of(Label.WITH_MASK);
                case SKIP -> Optional.empty();
            };
        }
        return Optional.of(Label.fromName(name)
                .orElseThrow(() -> new DataSetException(xml + ": unknown object class '" + name
                        + "'; expected with_mask, without_mask or mask_weared_incorrect")));
    }

    private static boolean isIncorrect(String objectName) {
        return objectName.toLowerCase(Locale.ROOT).equals("mask_weared_incorrect");
    }

    static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return IMAGE_SUFFIXES.stream().anyMatch(name::endsWith);
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<Path> filter) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(filter).sorted().toList();
        } catch (IOException e) {
            throw new DataSetException(
                    "cannot list " + dir + " (" + e.getMessage() + "); check that it exists and is readable", e);
        }
    }
}
