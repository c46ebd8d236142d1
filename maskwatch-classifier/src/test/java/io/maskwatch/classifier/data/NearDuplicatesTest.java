package io.maskwatch.classifier.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.testing.SyntheticFaces;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NearDuplicatesTest {
    @TempDir
    Path dir;

    @Test
    void copiesOfAPictureJoinOneGroupAndStrangersStayApart() throws Exception {
        BufferedImage original = scene(1);
        List<LabelledFace> faces = new ArrayList<>();
        faces.add(face("a-original.png", original));
        // The same picture as a strong JPEG, mirrored, and shifted by two pixels.
        faces.add(face("b-jpeg.jpg", original));
        faces.add(face("c-mirror.png", mirrored(original)));
        faces.add(face("d-shifted.png", shifted(original, 2)));
        // Other pictures of the same kind: other faces, other places.
        for (int seed = 2; seed < 8; seed++) {
            faces.add(face("stranger-" + seed + ".png", scene(seed)));
        }

        NearDuplicates.Result result = NearDuplicates.group(faces, NearDuplicates.DEFAULT_MAX_DISTANCE);

        List<String> groups = result.faces().stream().map(LabelledFace::group).toList();
        // Copies take the smallest name of their group, so the result does not depend on the order.
        assertThat(groups.subList(0, 4)).containsOnly("a-original.png");
        assertThat(groups.subList(4, groups.size()))
                .doesNotContain("a-original.png")
                .doesNotHaveDuplicates();
        assertThat(result.groupsBefore()).isEqualTo(10);
        assertThat(result.groupsAfter()).isEqualTo(7);
        assertThat(result.joined()).isEqualTo(3);
        // The faces themselves are unchanged.
        assertThat(result.faces().get(2).image()).isEqualTo(faces.get(2).image());
    }

    @Test
    void aSplitNeverPutsCopiesOnBothSides() throws Exception {
        List<LabelledFace> faces = new ArrayList<>();
        for (int seed = 1; seed <= 20; seed++) {
            BufferedImage picture = scene(seed);
            faces.add(face(seed + "-a.png", picture));
            faces.add(face(seed + "-b.png", shifted(picture, 1)));
        }
        for (long splitSeed = 0; splitSeed < 5; splitSeed++) {
            DataSplit split = DataSplit.of(faces, 0.3, splitSeed, NearDuplicates.DEFAULT_MAX_DISTANCE);
            List<String> trainPictures =
                    split.train().stream().map(f -> stem(f.image())).toList();
            List<String> validationPictures =
                    split.validation().stream().map(f -> stem(f.image())).toList();
            assertThat(validationPictures).isNotEmpty().doesNotContainAnyElementsOf(trainPictures);
            // Split by photo alone, the copies land apart for some seed.
        }
        boolean apartByPhoto = false;
        for (long splitSeed = 0; splitSeed < 5; splitSeed++) {
            DataSplit split = DataSplit.of(faces, 0.3, splitSeed, DataSplit.PHOTOS_ONLY);
            List<String> train =
                    split.train().stream().map(f -> stem(f.image())).toList();
            apartByPhoto |= split.validation().stream().anyMatch(f -> train.contains(stem(f.image())));
        }
        assertThat(apartByPhoto).isTrue();
    }

    private LabelledFace face(String name, BufferedImage picture) throws Exception {
        Path file = dir.resolve(name);
        ImageIO.write(picture, name.endsWith(".jpg") ? "jpg" : "png", file.toFile());
        return new LabelledFace(name, file, null, Label.WITHOUT_MASK, picture.getWidth(), false);
    }

    /** A 120 px picture with two generated faces placed by the seed on a textured background. */
    private static BufferedImage scene(int seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(120, 120, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        // A background with brightness steps, as real photos have (flat ones hash alike: dHash sees
        // no steps in them): a random gradient, broad enough that a shift of a pixel or two keeps it.
        g.setPaint(new java.awt.GradientPaint(
                random.nextInt(120),
                random.nextInt(120),
                new java.awt.Color(random.nextInt(0xFFFFFF)),
                random.nextInt(120),
                random.nextInt(120),
                new java.awt.Color(random.nextInt(0xFFFFFF)),
                true));
        g.fillRect(0, 0, 120, 120);
        g.drawImage(
                SyntheticFaces.crop(60, random.nextBoolean(), random), random.nextInt(50), random.nextInt(50), null);
        g.drawImage(
                SyntheticFaces.crop(40, random.nextBoolean(), random), random.nextInt(70), random.nextInt(70), null);
        g.dispose();
        return image;
    }

    private static BufferedImage mirrored(BufferedImage image) {
        AffineTransform flip = new AffineTransform(-1, 0, 0, 1, image.getWidth(), 0);
        return new AffineTransformOp(flip, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(image, null);
    }

    private static BufferedImage shifted(BufferedImage image, int pixels) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        var g = out.createGraphics();
        g.drawImage(image, pixels, pixels, null);
        g.dispose();
        return out;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.indexOf('-'));
    }
}
