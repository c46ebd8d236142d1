package io.maskwatch.app.packages;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The module tree shows the data flow, and keeps showing it: each library module may use only the
 * modules upstream of it (outside tests), so the device never carries the server, and no product
 * module carries the in-process broker, PostgreSQL and SMTP of devstack.
 */
class ModuleLayoutTest {
    /** What each product module may depend on (MaskWatch modules only, compile and runtime scope). */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("maskwatch-core", Set.of()),
            Map.entry("maskwatch-wire", Set.of("maskwatch-core")),
            Map.entry("maskwatch-classifier", Set.of("maskwatch-core")),
            Map.entry("maskwatch-train", Set.of("maskwatch-core", "maskwatch-classifier")),
            Map.entry("maskwatch-vision", Set.of("maskwatch-core", "maskwatch-classifier")),
            Map.entry(
                    "maskwatch-edge",
                    Set.of("maskwatch-core", "maskwatch-wire", "maskwatch-classifier", "maskwatch-vision")),
            Map.entry("maskwatch-server", Set.of("maskwatch-core", "maskwatch-wire")),
            Map.entry("maskwatch-devstack", Set.of("maskwatch-core")),
            Map.entry("maskwatch-cli", Set.of("maskwatch-core", "maskwatch-wire")),
            Map.entry("maskwatch-edge-cli", Set.of("maskwatch-cli", "maskwatch-vision", "maskwatch-edge")),
            Map.entry("maskwatch-server-cli", Set.of("maskwatch-cli", "maskwatch-server")));

    @Test
    void eachModuleUsesOnlyWhatIsUpstreamOfIt() throws Exception {
        Path root = SharedData.repoRoot();
        List<String> modules = modules(root.resolve("pom.xml"));
        assertThat(modules).containsAll(ALLOWED.keySet()).contains("maskwatch-app");
        for (String module : ALLOWED.keySet()) {
            assertThat(productDependencies(root.resolve(module).resolve("pom.xml")))
                    .as("MaskWatch modules %s depends on outside tests", module)
                    .isSubsetOf(ALLOWED.get(module));
        }
    }

    @Test
    void theCheckSeesADependencyThatBreaksTheLayout() throws Exception {
        Path pom = Files.createTempFile("pom", ".xml");
        try {
            Files.writeString(pom, """
                    <project><dependencies>
                      <dependency><groupId>io.maskwatch</groupId><artifactId>maskwatch-devstack</artifactId></dependency>
                      <dependency><groupId>io.maskwatch</groupId><artifactId>maskwatch-server</artifactId>
                        <scope>test</scope></dependency>
                    </dependencies></project>""");
            assertThat(productDependencies(pom)).containsExactly("maskwatch-devstack");
        } finally {
            Files.delete(pom);
        }
    }

    private static List<String> modules(Path pom) throws Exception {
        NodeList nodes = parse(pom).getElementsByTagName("module");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().trim());
        }
        return out;
    }

    /** The MaskWatch artifacts a pom's own dependencies name, leaving out test-scoped ones. */
    private static List<String> productDependencies(Path pom) throws Exception {
        Element project = parse(pom);
        List<String> out = new ArrayList<>();
        NodeList dependencies = project.getElementsByTagName("dependency");
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            if (dependency.getParentNode().getParentNode() != project) {
                continue; // dependencyManagement or a plugin's dependencies
            }
            String group = text(dependency, "groupId");
            String scope = text(dependency, "scope");
            if ("io.maskwatch".equals(group) && !"test".equals(scope)) {
                out.add(text(dependency, "artifactId"));
            }
        }
        return out;
    }

    private static Element parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(pom.toFile())
                .getDocumentElement();
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }
}
