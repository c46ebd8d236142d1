package io.maskwatch.vision.detect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reads PASCAL VOC annotation files (the mask-scenes set): labelled boxes in image pixels. */
public final class VocAnnotations {
    private VocAnnotations() {}

    public record Box(String label, float x1, float y1, float x2, float y2) {
        public Detection asDetection() {
            return new Detection(x1, y1, x2, y2, 1f);
        }

        float width() {
            return x2 - x1;
        }
    }

    public static List<Box> read(Path xml) throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        NodeList objects = doc.getElementsByTagName("object");
        List<Box> boxes = new ArrayList<>();
        for (int i = 0; i < objects.getLength(); i++) {
            Element object = (Element) objects.item(i);
            Element box = (Element) object.getElementsByTagName("bndbox").item(0);
            boxes.add(new Box(
                    text(object, "name"),
                    Float.parseFloat(text(box, "xmin")),
                    Float.parseFloat(text(box, "ymin")),
                    Float.parseFloat(text(box, "xmax")),
                    Float.parseFloat(text(box, "ymax"))));
        }
        return boxes;
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().trim();
    }
}
