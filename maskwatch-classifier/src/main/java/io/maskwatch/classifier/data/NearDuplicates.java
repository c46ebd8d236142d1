package io.maskwatch.classifier.data;

import io.maskwatch.classifier.FaceTensors;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Joins the groups (photos) of near-duplicate pictures, so that a split never puts one copy of a
 * picture in training and another in validation: face data sets hold the same face re-encoded,
 * re-cropped or mirrored, and a model validated on copies of its training faces looks better than
 * it is, and its threshold is chosen on that flattery.
 *
 * <p>Each picture gets a difference hash (dHash: its grey 17 x 16 thumbnail, one bit per pair of
 * horizontal neighbours, 1 where brightness falls to the right), also of its mirror image; two
 * pictures are near-duplicates when their hashes differ in at most {@code maxDistance} of the 256
 * bits, mirrored or not. Near-duplicates are joined transitively (union-find).
 */
public final class NearDuplicates {
    /** Thumbnail side: 256 bits tell faces apart where 64 (8 x 8) joined strangers in the same pose. */
    private static final int SIDE = 16;

    /**
     * Chosen by looking at pairs of the data sets MaskWatch trains on. Over the 4.6 million pairs of
     * mask-faces/train the distances have a valley between 26 and 30 bits (0-2 pairs each) before
     * strangers begin to come in numbers from about 45; up to 40 the pairs looked at were the same
     * face re-encoded, re-cropped, mirrored or in the same product shot with another mask, from 48
     * on mostly different people framed alike. At 40, 194 of 3,032 pictures of mask-faces/train and
     * 12 of the 682 photos of mask-scenes join another group.
     */
    public static final int DEFAULT_MAX_DISTANCE = 40;

    /** model.json's name of this grouping, with its distance. */
    public static String describe(int maxDistance) {
        return "near-duplicates (dhash <= " + maxDistance + " of " + SIDE * SIDE + " bits, mirror too)";
    }

    /**
     * The faces with their {@code group} replaced by their near-duplicate group's (the smallest
     * group name in it), in the same order, and how many groups were joined.
     *
     * @param joined original groups that lost their own name by joining another
     */
    public record Result(List<LabelledFace> faces, int groupsBefore, int groupsAfter, int joined) {}

    private NearDuplicates() {}

    public static Result group(List<LabelledFace> faces, int maxDistance) {
        Map<Path, String> groupOfImage = new LinkedHashMap<>();
        for (LabelledFace face : faces) {
            groupOfImage.putIfAbsent(face.image(), face.group());
        }
        List<Path> images = new ArrayList<>(groupOfImage.keySet());
        long[][][] hashes = new long[images.size()][][];
        ConcurrentLinkedQueue<String> unreadable = new ConcurrentLinkedQueue<>();
        java.util.stream.IntStream.range(0, images.size()).parallel().forEach(i -> {
            BufferedImage picture = FaceImages.read(images.get(i), unreadable);
            hashes[i] = picture == null ? null : hashes(picture);
        });

        // Union-find over groups: pictures of one photo are one group already.
        Map<String, String> parent = new HashMap<>();
        groupOfImage.values().forEach(g -> parent.put(g, g));
        for (int i = 0; i < images.size(); i++) {
            if (hashes[i] == null) {
                continue;
            }
            for (int j = i + 1; j < images.size(); j++) {
                if (hashes[j] != null && distance(hashes[i], hashes[j]) <= maxDistance) {
                    union(parent, groupOfImage.get(images.get(i)), groupOfImage.get(images.get(j)));
                }
            }
        }
        List<LabelledFace> grouped = new ArrayList<>(faces.size());
        for (LabelledFace face : faces) {
            String root = find(parent, face.group());
            grouped.add(root.equals(face.group()) ? face : face.inGroup(root));
        }
        int before = parent.size();
        int after = (int)
                parent.keySet().stream().filter(g -> find(parent, g).equals(g)).count();
        return new Result(grouped, before, after, before - after);
    }

    /** The picture's dHash and its mirror image's, each {@code SIDE * SIDE} bits. */
    static long[][] hashes(BufferedImage picture) {
        int[] thumb = FaceTensors.resizedPacked(picture, SIDE + 1, SIDE);
        return new long[][] {dHash(thumb, false), dHash(thumb, true)};
    }

    /** Bits that differ between two pictures, the second taken as it is or mirrored, whichever is less. */
    static int distance(long[][] a, long[][] b) {
        return Math.min(bitsApart(a[0], b[0]), bitsApart(a[0], b[1]));
    }

    private static int bitsApart(long[] a, long[] b) {
        int bits = 0;
        for (int i = 0; i < a.length; i++) {
            bits += Long.bitCount(a[i] ^ b[i]);
        }
        return bits;
    }

    private static long[] dHash(int[] thumb, boolean mirrored) {
        long[] hash = new long[SIDE * SIDE / 64];
        int w = SIDE + 1;
        for (int y = 0, bit = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++, bit++) {
                int left = mirrored ? SIDE - x : x;
                int right = mirrored ? SIDE - 1 - x : x + 1;
                if (grey(thumb[y * w + left]) > grey(thumb[y * w + right])) {
                    hash[bit / 64] |= 1L << (bit % 64);
                }
            }
        }
        return hash;
    }

    private static int grey(int rgb) {
        return (299 * ((rgb >> 16) & 0xFF) + 587 * ((rgb >> 8) & 0xFF) + 114 * (rgb & 0xFF)) / 1000;
    }

    private static String find(Map<String, String> parent, String g) {
        String root = g;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        parent.put(g, root);
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            // The smaller name wins, so the grouping does not depend on the order pictures came in.
            if (ra.compareTo(rb) < 0) {
                parent.put(rb, ra);
            } else {
                parent.put(ra, rb);
            }
        }
    }
}
