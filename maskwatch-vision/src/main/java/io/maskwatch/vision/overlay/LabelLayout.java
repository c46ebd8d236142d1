package io.maskwatch.vision.overlay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Places the captions of one frame so that none covers another: in a crowd, captions drawn at
 * every box's top-left pile up until none can be read. Greedy: each caption takes the first free
 * place of above its box, below it and inside its top edge, or none (the box is still drawn).
 * Places that leave the other faces uncovered are tried first.
 */
public final class LabelLayout {
    private final int width;
    private final int height;
    private final List<int[]> faces;
    private final List<int[]> placed = new ArrayList<>();

    /** For a frame of {@code width x height} pixels without faces to keep uncovered. */
    public LabelLayout(int width, int height) {
        this(width, height, List.of());
    }

    /** For a frame of {@code width x height} pixels whose face boxes ({x1, y1, x2, y2}) are {@code faces}. */
    public LabelLayout(int width, int height, List<int[]> faces) {
        this.width = width;
        this.height = height;
        this.faces = List.copyOf(faces);
    }

    /**
     * Reserves a {@code w x h} rectangle next to {@code box} ({x1, y1, x2, y2}).
     *
     * @return the rectangle as {x1, y1, x2, y2} (exclusive ends), or null when every place near the
     *     box is taken or off the frame
     */
    public int[] place(int[] box, int w, int h) {
        if (w > width || h > height) {
            return null;
        }
        // Shifted left near the right edge so the caption stays inside the frame.
        int x = Math.max(0, Math.min(box[0], width - w));
        int[] tops = {box[1] - h, box[3] + 1, box[1]};
        // A caption over another face hides that face, but one over a caption hides both texts: the
        // first is allowed when there is no other place.
        for (boolean spareFaces : new boolean[] {true, false}) {
            for (int y : tops) {
                if (y < 0 || y + h > height) {
                    continue;
                }
                int[] rect = {x, y, x + w, y + h};
                if (isFree(rect) && (!spareFaces || coversNoOtherFace(rect, box))) {
                    placed.add(rect);
                    return rect;
                }
            }
        }
        return null;
    }

    /** The rectangles placed so far. */
    public List<int[]> placed() {
        return List.copyOf(placed);
    }

    private boolean isFree(int[] rect) {
        for (int[] other : placed) {
            if (overlap(rect, other)) {
                return false;
            }
        }
        return true;
    }

    private boolean coversNoOtherFace(int[] rect, int[] own) {
        for (int[] face : faces) {
            // Face boxes include their bottom-right pixel, caption rectangles do not.
            int[] inclusive = {face[0], face[1], face[2] + 1, face[3] + 1};
            if (!Arrays.equals(face, own) && overlap(rect, inclusive)) {
                return false;
            }
        }
        return true;
    }

    static boolean overlap(int[] a, int[] b) {
        return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    }
}
