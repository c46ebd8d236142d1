package io.maskwatch.app.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.maskwatch.app.CommandRun;
import io.maskwatch.vision.detect.KnownModel;
import io.maskwatch.vision.detect.ModelFiles;
import io.maskwatch.vision.testing.FaceSamples;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maskwatch models pull} against a local HTTP server standing in for GitHub (this machine
 * has no internet), serving the real YuNet file from {@code ../shared/models} or a damaged copy.
 */
class ModelsPullTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private byte[] yunet;

    @BeforeEach
    void serve() throws Exception {
        yunet = Files.readAllBytes(FaceSamples.yunetModel());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/yunet.onnx", exchange -> reply(exchange, yunet));
        byte[] damaged = yunet.clone();
        damaged[damaged.length / 2] ^= 0x55;
        server.createContext("/damaged.onnx", exchange -> reply(exchange, damaged));
        server.start();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, byte[] body) throws java.io.IOException {
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** A fresh install: no YuNet anywhere but a mirror that has it. */
    private CommandRun detectOnAFreshInstall(Path cache, String modelUrl) throws Exception {
        Path video = io.maskwatch.vision.testing.Scene.write(dir.resolve("door.mp4"), 10, java.util.List.of());
        Path model = io.maskwatch.vision.testing.StandInClassifier.constant(dir.resolve("model"), 0.2f);
        return CommandRun.of(
                "detect",
                "--source",
                video.toString(),
                "--model",
                model.toString(),
                "--store",
                dir.resolve("events.db").toString(),
                "--set",
                "detection.model_cache=" + cache,
                "--set",
                "detection.model_url=" + modelUrl);
    }

    @Test
    void detectDownloadsYunetOnFirstUseAndRunsIt() throws Exception {
        Path cache = dir.resolve("fresh-cache");
        CommandRun run = detectOnAFreshInstall(cache, url("/yunet.onnx"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("detect: yunet detector " + KnownModel.YUNET.fileName())
                .doesNotContain("FALLBACK");
        assertThat(ModelFiles.sha256(cache.resolve(KnownModel.YUNET.fileName())))
                .isEqualTo(KnownModel.YUNET.sha256());
    }

    @Test
    void withoutANetworkDetectFallsBackToHaarAndSaysSo() throws Exception {
        Path cache = dir.resolve("offline-cache");
        CommandRun damaged = detectOnAFreshInstall(cache, url("/damaged.onnx"));
        assertThat(damaged.exitCode()).as(damaged.err()).isZero();
        assertThat(damaged.out()).contains("haar").contains("FALLBACK: no YuNet file");
        assertThat(cache.resolve(KnownModel.YUNET.fileName())).doesNotExist();
    }

    @Test
    void downloadsVerifiesAndDetectFindsItInTheCache() throws Exception {
        Path cache = dir.resolve("cache");
        CommandRun run = CommandRun.of("models", "pull", "--url", url("/yunet.onnx"), "--cache-dir", cache.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path file = cache.resolve(KnownModel.YUNET.fileName());
        assertThat(run.out()).contains("downloaded from " + url("/yunet.onnx") + " and verified -> " + file);
        assertThat(ModelFiles.sha256(file)).isEqualTo(KnownModel.YUNET.sha256());
        try (var listing = Files.list(cache)) {
            assertThat(listing).containsExactly(file); // no partial files left behind
        }

        CommandRun again =
                CommandRun.of("models", "pull", "--url", url("/yunet.onnx"), "--cache-dir", cache.toString());
        assertThat(again.out()).contains("already present and verified");
    }

    @Test
    void aDamagedDownloadIsRejectedAndAVerifiedLocalCopyUsedSayingSo() throws Exception {
        Path cache = dir.resolve("cache");
        Path local = Files.write(dir.resolve("usb-copy.onnx"), yunet);
        CommandRun run = CommandRun.of(
                "models",
                "pull",
                "--url",
                url("/damaged.onnx"),
                "--cache-dir",
                cache.toString(),
                "--from",
                local.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("download from " + url("/damaged.onnx") + " failed (SHA-256 mismatch")
                .contains("used the verified local copy " + local);
        assertThat(ModelFiles.sha256(cache.resolve(KnownModel.YUNET.fileName())))
                .isEqualTo(KnownModel.YUNET.sha256());
    }

    @Test
    void noNetworkAndNoLocalCopyIsAClearErrorAndLeavesNoFile() throws Exception {
        Path cache = dir.resolve("cache");
        Path wrongCopy = Files.write(dir.resolve("other.onnx"), new byte[] {1, 2, 3});
        CommandRun run = CommandRun.of(
                "models",
                "pull",
                "--url",
                url("/missing.onnx"),
                "--cache-dir",
                cache.toString(),
                "--from",
                wrongCopy.toString(),
                "--timeout",
                "5");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("HTTP 404")
                .contains("no verified local copy")
                .contains("8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4");
        assertThat(cache.resolve(KnownModel.YUNET.fileName())).doesNotExist();
    }
}
