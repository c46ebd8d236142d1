package io.maskwatch.core.config;

import java.util.Map;

/**
 * {@code kafka}: where the dispatcher publishes events. Read here so that one file configures the
 * whole device and a typo is caught before any component starts.
 *
 * @param saslPasswordEnv name of the environment variable holding the SASL password (never the
 *     password itself)
 * @param properties extra Kafka client properties, passed through as given
 */
public record KafkaConfig(
        String bootstrapServers,
        String topic,
        String securityProtocol,
        String saslMechanism,
        String saslUsername,
        String saslPasswordEnv,
        Map<String, String> properties) {

    static KafkaConfig read(ConfigSection s) {
        KafkaConfig c = new KafkaConfig(
                s.string("bootstrap_servers", null),
                s.string("topic", "alert-topic"),
                s.string("security_protocol", null),
                s.string("sasl_mechanism", null),
                s.string("sasl_username", null),
                s.string("sasl_password_env", null),
                Map.copyOf(s.stringMap("properties")));
        // The dispatcher owns this section and may add keys: unknown ones are left to it.
        return c;
    }
}
