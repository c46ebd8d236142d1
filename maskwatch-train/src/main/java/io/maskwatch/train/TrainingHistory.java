package io.maskwatch.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** Loss and accuracy per epoch, on training and validation data; plotted as {@code training.png}. */
public final class TrainingHistory {

    public record Epoch(
            int epoch, double trainLoss, double trainAccuracy, double validationLoss, double validationAccuracy) {}

    private final List<Epoch> epochs = new ArrayList<>();

    public void add(Epoch epoch) {
        epochs.add(epoch);
    }

    public List<Epoch> epochs() {
        return List.copyOf(epochs);
    }

    public void writePng(Path file) throws IOException {
        double[] x = epochs.stream().mapToDouble(Epoch::epoch).toArray();
        XYChart loss = chart("loss", "cross-entropy");
        loss.addSeries("train", x, epochs.stream().mapToDouble(Epoch::trainLoss).toArray());
        loss.addSeries(
                "validation",
                x,
                epochs.stream().mapToDouble(Epoch::validationLoss).toArray());
        XYChart accuracy = chart("accuracy", "accuracy");
        accuracy.addSeries(
                "train", x, epochs.stream().mapToDouble(Epoch::trainAccuracy).toArray());
        accuracy.addSeries(
                "validation",
                x,
                epochs.stream().mapToDouble(Epoch::validationAccuracy).toArray());
        BitmapEncoder.saveBitmap(List.of(loss, accuracy), 1, 2, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart chart(String title, String yAxis) {
        return new XYChartBuilder()
                .width(520)
                .height(400)
                .title(title)
                .xAxisTitle("epoch")
                .yAxisTitle(yAxis)
                .build();
    }
}
