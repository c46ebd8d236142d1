package io.maskwatch.classifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxRuntimeNativesTest {

    @Test
    void copiesTheBundledLibrariesOnceAndMendsATruncatedOne(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("onnxruntime-x");
        assertThat(OnnxRuntimeNatives.extractTo(dir)).contains(dir);
        Path library = dir.resolve(System.mapLibraryName("onnxruntime"));
        Path jni = dir.resolve(System.mapLibraryName("onnxruntime4j_jni"));
        assertThat(Files.size(library)).isEqualTo(bundledSize("onnxruntime")).isGreaterThan(1_000_000);
        assertThat(Files.size(jni)).isEqualTo(bundledSize("onnxruntime4j_jni"));

        // Present and whole: left alone.
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(library, old);
        OnnxRuntimeNatives.extractTo(dir);
        assertThat(Files.getLastModifiedTime(library)).isEqualTo(old);

        // Cut short (a crash while copying, a full disk): copied again.
        Files.write(jni, new byte[] {1, 2, 3});
        assertThat(OnnxRuntimeNatives.extractTo(dir)).contains(dir);
        assertThat(Files.size(jni)).isEqualTo(bundledSize("onnxruntime4j_jni"));
        try (var files = Files.list(dir)) {
            assertThat(files).as("no .part file left").hasSize(2);
        }
    }

    @Test
    void aFolderThatCannotBeWrittenLeavesOnnxRuntimeToItsDefault(@TempDir Path tmp) throws Exception {
        Path notAFolder = Files.writeString(tmp.resolve("file"), "x");
        assertThat(OnnxRuntimeNatives.extractTo(notAFolder.resolve("onnxruntime-x")))
                .isEmpty();
    }

    private static long bundledSize(String library) throws Exception {
        String path = "/ai/onnxruntime/native/" + OnnxRuntimeNatives.platform() + "/" + System.mapLibraryName(library);
        try (InputStream in = ai.onnxruntime.OrtEnvironment.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
