package io.maskwatch.train;

import io.maskwatch.classifier.ModelManifest;
import io.maskwatch.classifier.data.DataSet;
import io.maskwatch.classifier.data.DataSplit;
import io.maskwatch.classifier.data.FaceDataSetReader;
import io.maskwatch.classifier.data.FaceFinder;
import io.maskwatch.classifier.data.FaceImages;
import io.maskwatch.classifier.data.Label;
import io.maskwatch.classifier.data.LabelledFace;
import io.maskwatch.classifier.data.NearDuplicates;
import io.maskwatch.train.augment.Augmenter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training and validation faces, decoded into memory once (a few hundred MB at most: faces are
 * kept at twice the input size), with a summary of where they came from for {@code model.json}.
 */
record TrainingSet(
        List<Sample> train,
        List<Sample> validation,
        List<FaceImages.Loaded> validationFaces,
        Map<String, Object> summary) {
    private static final Logger log = LoggerFactory.getLogger(TrainingSet.class);

    /**
     * @param nearDuplicateDistance photos this close join one group before the split ({@link
     *     NearDuplicates}; {@link DataSplit#PHOTOS_ONLY}: each photo its own group)
     */
    static TrainingSet load(TrainingOptions options, FaceFinder faceFinder, int nearDuplicateDistance) {
        FaceDataSetReader reader = new FaceDataSetReader(options.incorrectMask());
        List<LabelledFace> train = new ArrayList<>();
        List<LabelledFace> validation = new ArrayList<>();
        List<Map<String, Object>> sources = new ArrayList<>();
        for (Path dir : options.data()) {
            DataSet dataSet = reader.read(dir);
            log.info("training data {}", dataSet.summary());
            if (options.validationData().isEmpty()) {
                // Split all faces, then filter: 'evaluate --held-out' reproduces the split from the same list.
                List<LabelledFace> faces = dataSet.faces();
                int joined = 0;
                if (nearDuplicateDistance != DataSplit.PHOTOS_ONLY) {
                    NearDuplicates.Result grouped = NearDuplicates.group(faces, nearDuplicateDistance);
                    log.info(
                            "{}: {} of {} photos joined a near-duplicate's group before the split",
                            dir,
                            grouped.joined(),
                            grouped.groupsBefore());
                    faces = grouped.faces();
                    joined = grouped.joined();
                }
                DataSplit split = DataSplit.of(faces, options.validationFraction(), options.seed());
                List<LabelledFace> trainPart = usable(split.train(), options.minFaceSize());
                List<LabelledFace> validationPart = usable(split.validation(), options.minFaceSize());
                train.addAll(trainPart);
                validation.addAll(validationPart);
                Map<String, Object> source = describe(dataSet, "train+validation split", trainPart, validationPart);
                source.put("near_duplicate_photos_joined", joined);
                sources.add(source);
            } else {
                List<LabelledFace> faces = usable(dataSet.faces(), options.minFaceSize());
                train.addAll(faces);
                sources.add(describe(dataSet, "train", faces, List.of()));
            }
        }
        for (Path dir : options.wholeData()) {
            DataSet dataSet = reader.read(dir);
            log.info("training data, used whole {}", dataSet.summary());
            List<LabelledFace> faces = usable(dataSet.faces(), options.minFaceSize());
            train.addAll(faces);
            sources.add(describe(dataSet, DataSplit.TRAINED_WHOLE, faces, List.of()));
        }
        for (Path dir : options.validationData()) {
            DataSet dataSet = reader.read(dir);
            log.info("validation data {}", dataSet.summary());
            List<LabelledFace> faces = usable(dataSet.faces(), options.minFaceSize());
            validation.addAll(faces);
            sources.add(describe(dataSet, "validation", List.of(), faces));
        }
        if (validation.isEmpty()) {
            throw new TrainingException(
                    "no validation faces: give validation folders, or a validation fraction above 0 with enough photos");
        }
        int keep = options.inputSize() * 2;
        FaceImages.Result trainImages = FaceImages.load(train, options.cropMargin(), keep, faceFinder);
        FaceImages.Result validationImages = FaceImages.load(validation, options.cropMargin(), keep, faceFinder);
        int searched = trainImages.searched() + validationImages.searched();
        int found = trainImages.found() + validationImages.found();
        if (searched > 0) {
            log.info("class-folder pictures: faces found by {} in {} of {}", faceFinder.describe(), found, searched);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("sources", sources);
        summary.put("validation_fraction", options.validationData().isEmpty() ? options.validationFraction() : 0);
        summary.put("split_seed", options.seed());
        if (nearDuplicateDistance != DataSplit.PHOTOS_ONLY) {
            summary.put(DataSplit.NEAR_DUPLICATE_DISTANCE, nearDuplicateDistance);
            summary.put("split_grouping", NearDuplicates.describe(nearDuplicateDistance));
        }
        summary.put("incorrect_mask_as", options.incorrectMask().name().toLowerCase(Locale.ROOT));
        summary.put("min_face_size", options.minFaceSize());
        summary.put("train_faces", counts(trainImages.faces()));
        summary.put("validation_faces", counts(validationImages.faces()));
        Map<String, Object> pictures = new LinkedHashMap<>();
        pictures.put("face_finder", faceFinder.describe());
        pictures.put(ModelManifest.CLASS_FOLDER_IMAGE_SCALE, faceFinder.imageScale());
        pictures.put("searched", searched);
        pictures.put("faces_found", found);
        summary.put("class_folder_pictures", pictures);
        summary.put(
                "skipped_unreadable",
                trainImages.skipped().size() + validationImages.skipped().size());
        return new TrainingSet(
                samples(trainImages.faces()), samples(validationImages.faces()), validationImages.faces(), summary);
    }

    /** Faces narrower than the detector's floor never reach the classifier, so they do not train it. */
    private static List<LabelledFace> usable(List<LabelledFace> faces, int minFaceSize) {
        return faces.stream()
                .filter(f -> f.faceWidth() == 0 || f.faceWidth() >= minFaceSize)
                .toList();
    }

    private static List<Sample> samples(List<FaceImages.Loaded> loaded) {
        return loaded.stream()
                .map(l -> new Sample(
                        l.pixels(),
                        Augmenter.averageColor(l.pixels()),
                        l.face().label(),
                        l.faceInPixels(),
                        l.face().wornIncorrectly()))
                .toList();
    }

    private static Map<String, Object> describe(
            DataSet dataSet, String role, List<LabelledFace> train, List<LabelledFace> validation) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("path", dataSet.root().toString());
        map.put("layout", dataSet.layout().name().toLowerCase(Locale.ROOT));
        map.put("role", role);
        map.put("train", countFaces(train));
        map.put("validation", countFaces(validation));
        return map;
    }

    private static Map<String, Integer> countFaces(List<LabelledFace> faces) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Label label : Label.values()) {
            counts.put(label.id(), (int)
                    faces.stream().filter(f -> f.label() == label).count());
        }
        return counts;
    }

    private static Map<String, Integer> counts(List<FaceImages.Loaded> faces) {
        return countFaces(faces.stream().map(FaceImages.Loaded::face).toList());
    }
}
