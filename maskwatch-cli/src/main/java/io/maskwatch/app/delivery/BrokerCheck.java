package io.maskwatch.app.delivery;

import io.maskwatch.app.UserError;
import io.maskwatch.wire.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.IllegalSaslStateException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One question to the broker when a service starts, to tell a wrong security setting from an
 * outage. A client whose TLS or SASL settings do not match the broker's port retries for ever and
 * says, at best, that a topic is "not present in metadata". A TLS client on a plain port gets no
 * answer at all, so when the broker is silent it is asked once more the other way (plain instead of
 * TLS, or TLS instead of plain): if that answers, the mismatch is certain and named with the key to
 * fix, and the start ends. A broker silent both ways may just be down: that is said, and the service
 * goes on waiting for it.
 */
final class BrokerCheck {
    private static final Logger log = LoggerFactory.getLogger(BrokerCheck.class);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration OTHER_WAY = Duration.ofSeconds(4);

    private BrokerCheck() {}

    /** Asks the broker for its cluster; throws a user error for a TLS or SASL mismatch. */
    static void atStart(KafkaSettings settings, Map<String, Object> clientProperties) {
        String protocol = String.valueOf(clientProperties.getOrDefault("security.protocol", "PLAINTEXT"))
                .toUpperCase(Locale.ROOT);
        String where = "Kafka at " + settings.bootstrapServers();
        Throwable failure = ask(clientProperties, WAIT);
        if (failure == null) {
            return;
        }
        if (failure instanceof SslAuthenticationException) {
            throw new UserError(where + ": the TLS handshake failed (" + failure.getMessage() + "); trust the broker's"
                    + " certificate (kafka.properties ssl.truststore.location), or, if its port is not TLS, set"
                    + " kafka.security_protocol (now " + protocol + ") to PLAINTEXT or SASL_PLAINTEXT");
        }
        if (failure instanceof IllegalSaslStateException) {
            throw new UserError(where + " does not take a SASL login on this port (" + failure.getMessage()
                    + "); set kafka.security_protocol (now " + protocol
                    + ") to what the port expects: PLAINTEXT or SSL");
        }
        if (failure instanceof AuthenticationException) {
            throw new UserError(where + " refused the login (" + failure.getMessage() + "); check"
                    + " kafka.sasl_mechanism, kafka.sasl_username and the password in " + settings.saslPasswordEnv());
        }
        boolean tls = protocol.contains("SSL");
        String otherWay = tls ? "PLAINTEXT" : "SSL";
        if (answersOtherWay(clientProperties, otherWay)) {
            throw new UserError(where + " did not answer a " + protocol + " client, but answers " + otherWay
                    + " on the same port: set kafka.security_protocol to "
                    + (tls ? "PLAINTEXT (or SASL_PLAINTEXT)" : "SSL (or SASL_SSL)"));
        }
        log.warn(
                "{} did not answer within {} s ({}); it may be down, and this service waits for it",
                where,
                WAIT.toSeconds(),
                failure.getMessage());
    }

    /** Whether a client with the other security protocol gets through (a TLS refusal counts: TLS spoke). */
    private static boolean answersOtherWay(Map<String, Object> clientProperties, String protocol) {
        Map<String, Object> other = new HashMap<>();
        other.put("bootstrap.servers", clientProperties.get("bootstrap.servers"));
        other.put("security.protocol", protocol);
        Throwable failure = ask(other, OTHER_WAY);
        return failure == null || failure instanceof SslAuthenticationException;
    }

    /** Null when the broker described its cluster, else what went wrong. */
    private static Throwable ask(Map<String, Object> properties, Duration wait) {
        try (Admin admin = Admin.create(properties)) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) wait.toMillis()))
                    .nodes()
                    .get(wait.toMillis() + 2_000, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }
}
