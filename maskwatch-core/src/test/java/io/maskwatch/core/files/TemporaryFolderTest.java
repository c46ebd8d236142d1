package io.maskwatch.core.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TemporaryFolderTest {
    @Test
    void closeDeletesTheFolderWithNestedFilesAndFolders() throws Exception {
        Path path;
        try (TemporaryFolder folder = TemporaryFolder.create("maskwatch-test-tmp")) {
            path = folder.path();
            assertThat(path).isEmptyDirectory();
            Files.writeString(folder.resolve("top.txt"), "a");
            Path nested = Files.createDirectories(folder.resolve("a/b/c"));
            Files.write(nested.resolve("deep.bin"), new byte[4096]);
            assertThat(nested.resolve("deep.bin")).exists();
        }
        assertThat(path).doesNotExist();
    }

    @Test
    void deletingAFolderThatIsAlreadyGoneIsFine() throws Exception {
        TemporaryFolder folder = TemporaryFolder.create("maskwatch-test-tmp");
        Files.delete(folder.path());
        folder.close();
        assertThat(folder.path()).doesNotExist();
    }
}
