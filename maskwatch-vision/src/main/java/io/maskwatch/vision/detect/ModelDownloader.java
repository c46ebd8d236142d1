package io.maskwatch.vision.detect;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a model file into the cache and checks its SHA-256 before it is used. The file appears
 * under its final name only once verified (written aside, then moved), so a failed or cut
 * download never leaves a half file for {@code detect} to load. Where the download fails (no
 * internet on the device), a verified local copy is taken instead, and the output says so.
 */
public final class ModelDownloader {
    private static final Logger log = LoggerFactory.getLogger(ModelDownloader.class);

    private final HttpClient http;
    private final Duration timeout;

    public ModelDownloader(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** What {@link #pull} did, for the command's output. */
    public record Result(Path file, String how) {}

    /**
     * @param url where to download from (the model's public address, or a mirror)
     * @param localCopies files to fall back on when the download fails, tried in order
     */
    public Result pull(KnownModel model, URI url, Path cacheDir, List<Path> localCopies) {
        Path target = cacheDir.resolve(model.fileName());
        try {
            Files.createDirectories(cacheDir);
            if (Files.isRegularFile(target) && model.sha256().equals(ModelFiles.sha256(target))) {
                return new Result(target, "already present and verified");
            }
        } catch (IOException e) {
            throw new DetectorException(
                    "cannot use the model cache " + cacheDir + " (" + e.getMessage()
                            + "); set detection.model_cache to a writable folder",
                    e);
        }
        String failure;
        try {
            download(url, target, model.sha256());
            return new Result(target, "downloaded from " + url + " and verified");
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            failure = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName() + ", no network?";
            log.warn("download of {} from {} failed: {}", model.fileName(), url, failure);
        }
        for (Path copy : localCopies) {
            try {
                if (Files.isRegularFile(copy) && model.sha256().equals(ModelFiles.sha256(copy))) {
                    install(copy, target, model.sha256());
                    return new Result(
                            target,
                            "download from " + url + " failed (" + failure + "); used the verified local copy " + copy);
                }
            } catch (IOException e) {
                log.warn("local copy {} unusable: {}", copy, e.toString());
            }
        }
        throw new DetectorException("download of " + model.fileName() + " from " + url + " failed (" + failure
                + ") and no verified local copy was found in " + localCopies + "; copy the file into " + cacheDir
                + " by hand (SHA-256 " + model.sha256() + ") or set models.face_detection.model to its path");
    }

    private void download(URI url, Path target, String sha256) throws IOException, InterruptedException {
        Path part =
                Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try {
            HttpRequest request =
                    HttpRequest.newBuilder(url).timeout(timeout).GET().build();
            HttpResponse<Path> response = http.send(request, HttpResponse.BodyHandlers.ofFile(part));
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            install(part, target, sha256);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Verifies {@code file} and moves (or copies) it to {@code target} in one step. */
    private static void install(Path file, Path target, String sha256) throws IOException {
        String actual = ModelFiles.sha256(file);
        if (!sha256.equals(actual)) {
            throw new IOException(
                    "SHA-256 mismatch: expected " + sha256 + ", got " + actual + " (corrupt or different file)");
        }
        Path staged =
                Files.createTempFile(target.getParent(), target.getFileName().toString(), ".verified");
        Files.copy(file, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
