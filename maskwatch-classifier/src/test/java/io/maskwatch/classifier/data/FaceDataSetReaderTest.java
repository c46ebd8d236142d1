package io.maskwatch.classifier.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.core.InputException;
import io.maskwatch.testing.SyntheticFaces;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FaceDataSetReaderTest {
    private final FaceDataSetReader reader = new FaceDataSetReader(IncorrectMask.NO_MASK);

    @Test
    void readsClassFoldersInBothNamings(@TempDir Path dir) throws Exception {
        SyntheticFaces.writeClassFolders(dir.resolve("a"), 3, 32, 1);
        Files.createDirectories(dir.resolve("b/mask"));
        Files.createDirectories(dir.resolve("b/no_mask"));
        ImageIO.write(
                SyntheticFaces.crop(32, true, new Random(1)),
                "jpg",
                dir.resolve("b/mask/x.jpg").toFile());
        ImageIO.write(
                SyntheticFaces.crop(32, false, new Random(2)),
                "png",
                dir.resolve("b/no_mask/y.png").toFile());

        DataSet a = reader.read(dir.resolve("a"));
        assertThat(a.layout()).isEqualTo(DataSet.Layout.CLASS_FOLDERS);
        assertThat(a.countByLabel()).containsEntry(Label.WITH_MASK, 3).containsEntry(Label.WITHOUT_MASK, 3);
        DataSet b = reader.read(dir.resolve("b"));
        assertThat(b.faces()).extracting(LabelledFace::label).containsExactly(Label.WITH_MASK, Label.WITHOUT_MASK);
    }

    @Test
    void readsVocAnnotationsAndCutsCropsWithMargin(@TempDir Path dir) throws Exception {
        writeVoc(
                dir,
                "p1",
                200,
                100,
                "<object><name>with_mask</name><bndbox><xmin>10</xmin><ymin>10</ymin><xmax>40</xmax><ymax>50</ymax></bndbox></object>"
                        + "<object><name>mask_weared_incorrect</name><bndbox><xmin>100</xmin><ymin>20</ymin><xmax>130</xmax><ymax>60</ymax></bndbox></object>"
                        // overshoots the border by one pixel, as real annotation tools do: clipped, not an error
                        + "<object><name>without_mask</name><bndbox><xmin>170</xmin><ymin>60</ymin><xmax>201</xmax><ymax>100</ymax></bndbox></object>");
        DataSet data = reader.read(dir);
        assertThat(data.layout()).isEqualTo(DataSet.Layout.VOC);
        assertThat(data.faces())
                .extracting(LabelledFace::label)
                .containsExactly(Label.WITH_MASK, Label.WITHOUT_MASK, Label.WITHOUT_MASK);
        assertThat(data.faces())
                .as("the face annotated worn incorrectly is known as such")
                .extracting(LabelledFace::wornIncorrectly)
                .containsExactly(false, true, false);
        assertThat(data.faces().get(2).box().x2()).isEqualTo(200);
        assertThat(data.faces().get(0).faceWidth()).isEqualTo(30);

        DataSet skipIncorrect = new FaceDataSetReader(IncorrectMask.SKIP).read(dir);
        assertThat(skipIncorrect.faces()).hasSize(2);
        DataSet incorrectAsMask = new FaceDataSetReader(IncorrectMask.MASK).read(dir);
        assertThat(incorrectAsMask.countByLabel()).containsEntry(Label.WITH_MASK, 2);
        assertThat(incorrectAsMask.faces().get(1).wornIncorrectly()).isTrue();

        FaceImages.Result loaded = FaceImages.load(data.faces(), 0.25, 1000);
        // 40 px box side + 25 % each side = 60 px square crop
        assertThat(loaded.faces().get(0).pixels().getWidth()).isEqualTo(60);
        assertThat(loaded.faces().get(0).pixels().getHeight()).isEqualTo(60);
        assertThat(loaded.skipped()).isEmpty();
    }

    @Test
    void picturesOfClassFoldersAreCutAroundTheFaceTheFinderFinds(@TempDir Path dir) throws Exception {
        // A 200x100 picture: left half red, right half blue; the "face" is the blue 40x40 square.
        BufferedImage picture = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 200; x++) {
                picture.setRGB(x, y, x >= 140 && x < 180 && y >= 30 && y < 70 ? 0x0000FF : 0xFF0000);
            }
        }
        Files.createDirectories(dir.resolve("with_mask"));
        Files.createDirectories(dir.resolve("without_mask"));
        ImageIO.write(picture, "png", dir.resolve("with_mask/found.png").toFile());
        // The second picture is marked (green top-left pixel) as one the finder finds no face in.
        picture.setRGB(0, 0, 0x00FF00);
        ImageIO.write(picture, "png", dir.resolve("without_mask/none.png").toFile());
        FaceFinder blueSquare = new FaceFinder() {
            @Override
            public java.util.Optional<LabelledFace.Box> find(BufferedImage p) {
                return p.getRGB(0, 0) == 0xFFFF0000
                        ? java.util.Optional.of(new LabelledFace.Box(140, 30, 180, 70))
                        : java.util.Optional.empty();
            }

            @Override
            public String describe() {
                return "blue-square finder";
            }
        };

        DataSet data = reader.read(dir);
        FaceImages.Result loaded = FaceImages.load(data.faces(), 0.25, 1000, blueSquare);

        assertThat(loaded.searched()).isEqualTo(2);
        assertThat(loaded.found()).isEqualTo(1);
        assertThat(loaded.describeSearch(blueSquare))
                .isEqualTo("faces found by blue-square finder in 1 of 2 pictures, the rest used whole");
        FaceImages.Loaded found = loaded.faces().stream()
                .filter(f -> f.face().label() == Label.WITH_MASK)
                .findFirst()
                .orElseThrow();
        // 40 px box + 25 % each side = a 60 px square around it, mostly blue.
        assertThat(found.face().box()).isEqualTo(new LabelledFace.Box(140, 30, 180, 70));
        assertThat(found.face().faceWidth()).isEqualTo(40);
        assertThat(found.pixels().getWidth()).isEqualTo(60);
        assertThat(found.pixels().getHeight()).isEqualTo(60);
        assertThat(found.pixels().getRGB(30, 30)).isEqualTo(0xFF0000FF);
        // The crop starts at (130, 20), so the face lies at (10, 10)-(50, 50) in it; halved when shrunk.
        assertThat(found.faceInPixels()).isEqualTo(new LabelledFace.Box(10, 10, 50, 50));
        FaceImages.Loaded shrunk = FaceImages.load(data.faces(), 0.25, 30, blueSquare).faces().stream()
                .filter(f -> f.face().label() == Label.WITH_MASK)
                .findFirst()
                .orElseThrow();
        assertThat(shrunk.faceInPixels()).isEqualTo(new LabelledFace.Box(5, 5, 25, 25));
        FaceImages.Loaded whole = loaded.faces().stream()
                .filter(f -> f.face().label() == Label.WITHOUT_MASK)
                .findFirst()
                .orElseThrow();
        assertThat(whole.face().box()).isNull();
        assertThat(whole.pixels().getWidth()).isEqualTo(200);
        assertThat(whole.faceInPixels()).isNull();

        // Annotated boxes are never searched; without a finder nothing is.
        assertThat(FaceImages.load(data.faces(), 0.25, 1000).searched()).isZero();
    }

    @Test
    void emptyFolderIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> reader.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("holds no labelled faces")
                .hasMessageContaining("with_mask");
    }

    @Test
    void missingFolderIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> reader.read(dir.resolve("nope")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void unknownClassFolderIsAClearError(@TempDir Path dir) throws Exception {
        SyntheticFaces.writeClassFolders(dir, 1, 16, 1);
        Files.createDirectories(dir.resolve("sunglasses"));
        assertThatThrownBy(() -> reader.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("unknown class folder 'sunglasses'")
                .hasMessageContaining("with_mask / without_mask");
    }

    @Test
    void unreadableImageIsSkippedWithAWarningAndCounted(@TempDir Path dir) throws Exception {
        SyntheticFaces.writeClassFolders(dir, 2, 16, 1);
        Files.writeString(dir.resolve("with_mask/broken.jpg"), "this is not a JPEG");
        DataSet data = reader.read(dir);
        assertThat(data.faces()).hasSize(5);
        FaceImages.Result loaded = FaceImages.load(data.faces(), 0.15, 64);
        assertThat(loaded.faces()).hasSize(4);
        assertThat(loaded.skipped()).singleElement().asString().contains("broken.jpg");
    }

    @Test
    void annotationOutsideTheImageIsAClearError(@TempDir Path dir) throws Exception {
        writeVoc(
                dir,
                "p1",
                100,
                80,
                "<object><name>with_mask</name><bndbox><xmin>90</xmin><ymin>10</ymin><xmax>150</xmax><ymax>50</ymax></bndbox></object>");
        assertThatThrownBy(() -> reader.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("p1.xml")
                .hasMessageContaining("outside the 100x80 image")
                .hasMessageContaining("fix the annotation");
    }

    @Test
    void unknownAnnotationClassIsAClearError(@TempDir Path dir) throws Exception {
        writeVoc(
                dir,
                "p1",
                100,
                80,
                "<object><name>helmet</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>20</xmax><ymax>20</ymax></bndbox></object>");
        assertThatThrownBy(() -> reader.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("'helmet'");
    }

    @Test
    void splitKeepsPhotosTogetherAndIsRepeatable(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 20; i++) {
            writeVoc(
                    dir,
                    "p" + i,
                    100,
                    80,
                    "<object><name>" + (i % 3 == 0 ? "without_mask" : "with_mask")
                            + "</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>20</xmax><ymax>20</ymax></bndbox></object>"
                            + "<object><name>with_mask</name><bndbox><xmin>30</xmin><ymin>1</ymin><xmax>50</xmax><ymax>20</ymax></bndbox></object>");
        }
        DataSet data = reader.read(dir);
        DataSplit a = DataSplit.of(data.faces(), 0.25, 7);
        DataSplit b = DataSplit.of(data.faces(), 0.25, 7);
        assertThat(a.validation()).isEqualTo(b.validation());
        assertThat(a.validation()).hasSize(10); // 5 of 20 photos, 2 faces each
        assertThat(a.validation()).anyMatch(f -> f.label() == Label.WITHOUT_MASK);
        assertThat(a.train())
                .noneMatch(f -> a.validation().stream().anyMatch(v -> v.group().equals(f.group())));
        assertThat(DataSplit.of(data.faces(), 0.25, 8).validation()).isNotEqualTo(a.validation());
    }

    private static void writeVoc(Path dir, String name, int w, int h, String objects) throws Exception {
        Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(dir.resolve("annotations"));
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(image, "jpg", dir.resolve("images/" + name + ".jpg").toFile());
        Files.writeString(
                dir.resolve("annotations/" + name + ".xml"),
                "<annotation><filename>" + name + ".jpg</filename>" + "<size><width>" + w + "</width><height>" + h
                        + "</height><depth>3</depth></size>" + objects + "</annotation>");
    }
}
