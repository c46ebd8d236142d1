package io.maskwatch.vision.output;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.maskwatch.vision.pipeline.FaceResult;
import io.maskwatch.vision.pipeline.FrameListener;
import io.maskwatch.vision.pipeline.FrameResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --json}: one line per analysed frame or image, {@code {"source", "frame", "time",
 * "faces": [{"box": [x1, y1, x2, y2], "score", "label", "probability", "track"}]}}, boxes in pixels
 * of the original image. Shared by the pipelines of all sources (lines never interleave).
 */
public final class JsonLinesWriter implements FrameListener {
    private final OutputStream out;
    private final JsonGenerator json;

    private JsonLinesWriter(OutputStream out, JsonGenerator json) {
        this.out = out;
        this.json = json;
    }

    public static JsonLinesWriter open(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            OutputStream out = Files.newOutputStream(file);
            JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
            json.setRootValueSeparator(null);
            return new JsonLinesWriter(out, json);
        } catch (IOException e) {
            throw new OutputException("cannot write " + file + " (" + e.getMessage() + "); check the path", e);
        }
    }

    @Override
    public synchronized void frame(FrameResult result) {
        try {
            json.writeStartObject();
            json.writeStringField("source", result.frame().name());
            json.writeNumberField("frame", result.frame().index());
            json.writeStringField("time", result.frame().time().toString());
            json.writeArrayFieldStart("faces");
            for (FaceResult face : result.faces()) {
                writeFace(face);
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw('\n');
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing detections failed", e);
        }
    }

    private void writeFace(FaceResult face) throws IOException {
        json.writeStartObject();
        json.writeFieldName("box");
        json.writeArray(face.pixelBox(), 0, 4);
        json.writeNumberField("score", round(face.box().score()));
        json.writeStringField("label", face.label().key());
        if (Double.isNaN(face.probability())) {
            json.writeNullField("probability");
        } else {
            json.writeNumberField("probability", round(face.probability()));
        }
        json.writeNumberField("track", face.track());
        json.writeEndObject();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    @Override
    public synchronized void close() {
        try {
            json.close();
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the detections file failed", e);
        }
    }
}
