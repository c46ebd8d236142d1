package io.maskwatch.vision.detect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Checks on model files, done before handing them to native code (which reports errors poorly). */
public final class ModelFiles {
    private ModelFiles() {}

    public static void requireReadable(Path file, String configKey) {
        if (!Files.isRegularFile(file)) {
            throw new DetectorException(configKey + ": model file not found: " + file.toAbsolutePath()
                    + "; run 'maskwatch models pull' or set the path");
        }
        if (!Files.isReadable(file)) {
            throw new DetectorException(
                    configKey + ": model file " + file.toAbsolutePath() + " is not readable; fix its permissions");
        }
    }

    /** Lower-case hex SHA-256 of a file. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
