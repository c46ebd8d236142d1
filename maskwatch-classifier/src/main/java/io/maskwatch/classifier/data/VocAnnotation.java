package io.maskwatch.classifier.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** One PASCAL VOC annotation file: the image name, its size and the labelled boxes. */
record VocAnnotation(String fileName, int width, int height, List<VocObject> objects) {

    record VocObject(String name, LabelledFace.Box box) {}

    static VocAnnotation parse(Path xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // Annotation files are data, never a reason to fetch anything.
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(xml.toFile());
            Element root = doc.getDocumentElement();
            String fileName = text(root, "filename", xml);
            Element size = child(root, "size", xml);
            int width = Integer.parseInt(text(size, "width", xml));
            int height = Integer.parseInt(text(size, "height", xml));
            List<VocObject> objects = new ArrayList<>();
            NodeList nodes = root.getElementsByTagName("object");
            for (int i = 0; i < nodes.getLength(); i++) {
                Element object = (Element) nodes.item(i);
                Element box = child(object, "bndbox", xml);
                objects.add(new VocObject(
                        text(object, "name", xml).trim(),
                        new LabelledFace.Box(
                                coordinate(box, "xmin", xml),
                                coordinate(box, "ymin", xml),
                                coordinate(box, "xmax", xml),
                                coordinate(box, "ymax", xml))));
            }
            return new VocAnnotation(fileName.trim(), width, height, objects);
        } catch (DataSetException e) {
            throw e;
        } catch (Exception e) {
            throw new DataSetException(
                    xml + " is not a readable PASCAL VOC annotation (" + e.getMessage() + "); fix or remove the file",
                    e);
        }
    }

    /**
     * The object's box inside the image. Annotation tools often overshoot the border by a pixel
     * or two (xmax = width + 1); such boxes are clipped. A box further outside, or empty, means
     * the annotation is wrong, and that is an error rather than a silently bad training sample.
     */
    LabelledFace.Box checkedBox(VocObject object, int index, Path xml) {
        LabelledFace.Box b = object.box();
        int tolerance = Math.max(2, (int) Math.round(0.05 * Math.max(b.width(), b.height())));
        boolean outside =
                b.x1() < -tolerance || b.y1() < -tolerance || b.x2() > width + tolerance || b.y2() > height + tolerance;
        LabelledFace.Box clipped = new LabelledFace.Box(
                Math.max(0, b.x1()), Math.max(0, b.y1()), Math.min(width, b.x2()), Math.min(height, b.y2()));
        if (outside || clipped.width() <= 0 || clipped.height() <= 0) {
            throw new DataSetException(xml + ": object " + (index + 1) + " (" + object.name() + ") box [" + b.x1()
                    + ", "
                    + b.y1() + ", " + b.x2() + ", " + b.y2() + "] is empty or outside the " + width + "x" + height
                    + " image; fix the annotation or remove the object");
        }
        return clipped;
    }

    private static int coordinate(Element box, String tag, Path xml) {
        // Some tools write coordinates as decimals ("12.0").
        return (int) Math.round(Double.parseDouble(text(box, tag, xml).trim()));
    }

    private static Element child(Element parent, String tag, Path xml) {
        NodeList nodes = parent.getElementsByTagName(tag);
        if (nodes.getLength() == 0) {
            throw new DataSetException(xml + ": <" + tag + "> missing; PASCAL VOC annotations need filename, size and"
                    + " object/bndbox elements");
        }
        return (Element) nodes.item(0);
    }

    private static String text(Element parent, String tag, Path xml) {
        return child(parent, tag, xml).getTextContent();
    }
}
