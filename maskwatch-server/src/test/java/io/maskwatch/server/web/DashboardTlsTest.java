package io.maskwatch.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.core.config.ConfigException;
import io.maskwatch.server.config.DashboardSettings;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.testing.MutableClock;
import io.maskwatch.server.testing.TestInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional TLS: HTTPS from a keystore, a Secure cookie, and clear errors when it is misconfigured. */
class DashboardTlsTest {
    @TempDir
    Path dir;

    @Test
    void servesHttpsFromTheConfiguredKeystore() throws Exception {
        Path keystore = dir.resolve("dashboard.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "dashboard",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        "s3cret-store",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2")
                .redirectErrorStream(true)
                .start();
        assertThat(keytool.waitFor())
                .as(new String(keytool.getInputStream().readAllBytes()))
                .isZero();
        DashboardSettings settings = TestDashboard.settings().withTls(keystore, "TEST_KEYSTORE_PASSWORD");
        try (Database database = TestInfra.newMigratedDatabase();
                DashboardServer server = DashboardServer.start(
                        settings,
                        database.dataSource(),
                        Map.of("TEST_KEYSTORE_PASSWORD", "s3cret-store")::get,
                        MutableClock.startingNow())) {
            assertThat(server.url()).startsWith("https://");
            HttpClient https = HttpClient.newBuilder().sslContext(trustingAll()).build();
            HttpResponse<String> health = https.send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);

            HttpResponse<String> login = https.send(
                    HttpRequest.newBuilder(URI.create(server.url() + "/login"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("username=" + TestDashboard.VIEWER + "&password="
                                    + TestDashboard.VIEWER_PASSWORD.replace(' ', '+')))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.headers().firstValue("Set-Cookie"))
                    .hasValueSatisfying(c -> assertThat(c).contains("; Secure"));

            String plain = "http://localhost:" + server.port() + "/health";
            assertThatThrownBy(() -> HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(plain)).build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as("plain HTTP on the TLS port")
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aMissingKeystoreOrPasswordIsAClearError() {
        try (Database database = TestInfra.newMigratedDatabase()) {
            DashboardSettings missing = TestDashboard.settings().withTls(dir.resolve("nope.p12"), "X");
            assertThatThrownBy(() -> DashboardServer.start(
                            missing, database.dataSource(), name -> "pw", MutableClock.startingNow()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("dashboard.tls_keystore")
                    .hasMessageContaining("nope.p12");
            Path empty = dir.resolve("empty.p12");
            java.nio.file.Files.writeString(empty, "");
            DashboardSettings noPassword = TestDashboard.settings().withTls(empty, "MY_KEYSTORE_PASSWORD");
            assertThatThrownBy(() -> DashboardServer.start(
                            noPassword, database.dataSource(), name -> null, MutableClock.startingNow()))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("MY_KEYSTORE_PASSWORD");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The test's certificate is self-signed: trust it, for this client only. */
    private static SSLContext trustingAll() throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, null);
        return context;
    }
}
