package io.maskwatch.classifier.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Precision and recall of the no-mask class at every threshold the scores allow. */
public final class PrecisionRecallCurve {

    /** Predicting no-mask when probability >= threshold gives this precision and recall. */
    public record Point(double threshold, double precision, double recall) {}

    private final List<Point> points;

    private PrecisionRecallCurve(List<Point> points) {
        this.points = points;
    }

    /**
     * @param scores no-mask probability of each face
     * @param positive whether each face really is unmasked
     */
    public static PrecisionRecallCurve of(float[] scores, boolean[] positive) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        long positives = 0;
        for (boolean p : positive) {
            positives += p ? 1 : 0;
        }
        List<Point> points = new ArrayList<>();
        long tp = 0, fp = 0;
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            if (positive[i]) {
                tp++;
            } else {
                fp++;
            }
            // One point per distinct threshold: after the last face with this score.
            if (k + 1 == order.length || scores[order[k + 1]] != scores[i]) {
                double recall = positives == 0 ? 0 : (double) tp / positives;
                points.add(new Point(scores[i], (double) tp / (tp + fp), recall));
            }
        }
        return new PrecisionRecallCurve(points);
    }

    public List<Point> points() {
        return points;
    }

    /** The threshold with the best recall among those whose precision is at least {@code minPrecision}. */
    public Optional<Point> bestRecallAtPrecision(double minPrecision) {
        return points.stream()
                .filter(p -> p.precision() >= minPrecision)
                .max(Comparator.comparingDouble(Point::recall).thenComparingDouble(Point::threshold));
    }

    /** Area under the curve (average precision, step-wise as scikit-learn computes it). */
    public double averagePrecision() {
        double ap = 0, previousRecall = 0;
        for (Point p : points) {
            ap += (p.recall() - previousRecall) * p.precision();
            previousRecall = p.recall();
        }
        return ap;
    }

    public void writePng(Path file, String title) throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(640)
                .height(480)
                .title(title)
                .xAxisTitle("recall (no_mask)")
                .yAxisTitle("precision (no_mask)")
                .build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.02);
        chart.getStyler().setLegendVisible(false);
        double[] recall = points.stream().mapToDouble(Point::recall).toArray();
        double[] precision = points.stream().mapToDouble(Point::precision).toArray();
        if (recall.length == 0) {
            recall = new double[] {0};
            precision = new double[] {0};
        }
        chart.addSeries("no_mask", recall, precision).setMarker(SeriesMarkers.NONE);
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
