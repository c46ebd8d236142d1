package io.maskwatch.classifier.data;

import io.maskwatch.core.UserError;
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
        } catch (UserError e) {
            throw e;
        } catch (Exception e) {
            throw new UserError(
                    xml + " is not a readable PASCAL VOC annotation (" + e.getMessage() + "); fix or remove the file",
                    e);
        }
    }

    /** Boxes must lie inside the image: a box outside it means the annotation is wrong. */
    void checkInside(VocObject object, int index, Path xml) {
        LabelledFace.Box b = object.box();
        if (b.x1() < 0 || b.y1() < 0 || b.x2() > width || b.y2() > height || b.x2() <= b.x1() || b.y2() <= b.y1()) {
            throw new UserError(xml + ": object " + (index + 1) + " (" + object.name() + ") box [" + b.x1() + ", "
                    + b.y1() + ", " + b.x2() + ", " + b.y2() + "] is empty or outside the " + width + "x" + height
                    + " image; fix the annotation or remove the object");
        }
    }

    private static int coordinate(Element box, String tag, Path xml) {
        // Some tools write coordinates as decimals ("12.0").
        return (int) Math.round(Double.parseDouble(text(box, tag, xml).trim()));
    }

    private static Element child(Element parent, String tag, Path xml) {
        NodeList nodes = parent.getElementsByTagName(tag);
        if (nodes.getLength() == 0) {
            throw new UserError(xml + ": <" + tag + "> missing; PASCAL VOC annotations need filename, size and"
                    + " object/bndbox elements");
        }
        return (Element) nodes.item(0);
    }

    private static String text(Element parent, String tag, Path xml) {
        return child(parent, tag, xml).getTextContent();
    }
}
