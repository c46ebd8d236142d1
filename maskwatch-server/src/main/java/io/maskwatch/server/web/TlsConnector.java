package io.maskwatch.server.web;

import io.javalin.config.JavalinConfig;
import io.maskwatch.core.config.ConfigException;
import io.maskwatch.server.config.DashboardSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Serves the dashboard over HTTPS only, from a PKCS#12 or JKS keystore ({@code dashboard.tls_keystore}). */
final class TlsConnector {
    private TlsConnector() {}

    static void add(JavalinConfig config, DashboardSettings settings, Path keystore, Function<String, String> env) {
        if (!Files.isReadable(keystore)) {
            throw new ConfigException("dashboard.tls_keystore: " + keystore + " does not exist or cannot be read;"
                    + " point it at a PKCS#12 (.p12) or JKS keystore, or remove the key to serve plain HTTP"
                    + " behind a reverse proxy");
        }
        String password = settings.tlsKeystorePassword(env);
        config.jetty.addConnector((server, httpConfig) -> {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(keystore.toAbsolutePath().toString());
            ssl.setKeyStorePassword(password);
            httpConfig.addCustomizer(new SecureRequestCustomizer(false));
            ServerConnector connector = new ServerConnector(
                    server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(httpConfig));
            connector.setHost(settings.bind());
            connector.setPort(settings.port());
            return connector;
        });
    }
}
