package io.maskwatch.wire;

import io.maskwatch.core.config.ConfigException;
import io.maskwatch.core.config.ConfigSection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code kafka:} section of a configuration file. Connection settings only ever come from
 * here or from the environment; the SASL password only from an environment variable, so that it
 * never lands in a file under version control.
 *
 * @param bootstrapServers {@code host:port[,host:port]}; env {@code MASKWATCH_KAFKA_BOOTSTRAP_SERVERS}
 * @param securityProtocol PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (Confluent Cloud: SASL_SSL);
 *     env {@code MASKWATCH_KAFKA_SECURITY_PROTOCOL}
 * @param saslMechanism PLAIN (Confluent Cloud), SCRAM-SHA-256 or SCRAM-SHA-512; env {@code MASKWATCH_KAFKA_SASL_MECHANISM}
 * @param saslUsername SASL user (Confluent Cloud: the API key); env {@code MASKWATCH_KAFKA_SASL_USERNAME}
 * @param saslPasswordEnv the environment variable holding the SASL password (default {@code MASKWATCH_KAFKA_PASSWORD})
 * @param properties any other Kafka client property, passed through as is (ssl.truststore.location, ...)
 */
public record KafkaSettings(
        String bootstrapServers,
        String securityProtocol,
        String saslMechanism,
        String saslUsername,
        String saslPasswordEnv,
        Map<String, String> properties) {

    public static final String DEFAULT_PASSWORD_ENV = "MASKWATCH_KAFKA_PASSWORD";

    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    /** Client properties whose value is a secret (passwords, keys, sasl.jaas.config which holds one). */
    private static final Pattern SECRET_KEY = Pattern.compile("password|secret|\\.key$|jaas\\.config");

    public KafkaSettings {
        saslPasswordEnv = blankToNull(saslPasswordEnv) == null ? DEFAULT_PASSWORD_ENV : saslPasswordEnv;
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** The {@code kafka} section, as the device and the server both read it. */
    public static KafkaSettings read(ConfigSection s) {
        if (s.has("topic")) {
            // The device's key before 0.1; each setting has one name now, on both sides.
            throw s.error(
                    "topic", "topics are set under topics: (events: topics.alerts), on the device and the server");
        }
        KafkaSettings kafka = new KafkaSettings(
                s.string("bootstrap_servers", null),
                s.string("security_protocol", null),
                s.string("sasl_mechanism", null),
                s.string("sasl_username", null),
                s.string("sasl_password_env", null),
                s.stringMap("properties"));
        s.rejectUnknownKeys();
        return kafka;
    }

    /** Settings for a broker on {@code bootstrapServers} without security (local and test brokers). */
    public static KafkaSettings plaintext(String bootstrapServers) {
        return new KafkaSettings(bootstrapServers, null, null, null, null, null);
    }

    /**
     * The client properties (common to producers, consumers and admin clients) these settings
     * stand for; {@code env} supplies the SASL password.
     */
    public Map<String, Object> clientProperties(Function<String, String> env) {
        if (blankToNull(bootstrapServers) == null) {
            throw new ConfigException("kafka.bootstrap_servers is not set; set it in the configuration file"
                    + " or in MASKWATCH_KAFKA_BOOTSTRAP_SERVERS (for a local broker: localhost:9092)");
        }
        Map<String, Object> props = new LinkedHashMap<>();
        properties.forEach((key, value) -> props.put(key, propertyValue(key, value, env)));
        props.put("bootstrap.servers", bootstrapServers);
        if (blankToNull(securityProtocol) != null) {
            props.put("security.protocol", securityProtocol.trim().toUpperCase(java.util.Locale.ROOT));
        }
        if (blankToNull(saslMechanism) != null) {
            props.put("sasl.mechanism", saslMechanism.trim().toUpperCase(java.util.Locale.ROOT));
            props.put("sasl.jaas.config", jaasConfig(env));
        }
        return props;
    }

    /**
     * A client property's value: {@code ${env:NAME}} is read from the environment variable NAME,
     * which is how secrets such as {@code ssl.truststore.password} are given; a secret written in the
     * file itself is refused, as everywhere in the configuration.
     */
    private static String propertyValue(String key, String value, Function<String, String> env) {
        Matcher reference = ENV_REFERENCE.matcher(value == null ? "" : value.trim());
        if (reference.matches()) {
            String variable = reference.group(1);
            String fromEnv = env.apply(variable);
            if (fromEnv == null || fromEnv.isEmpty()) {
                throw new ConfigException("kafka.properties." + key + " is read from the environment variable "
                        + variable + ", which is not set; export " + variable + "=<value>");
            }
            return fromEnv;
        }
        if (SECRET_KEY.matcher(key).find()) {
            throw new ConfigException("kafka.properties." + key + " holds a secret in the file; write " + key
                    + ": ${env:MASKWATCH_KAFKA_"
                    + key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT)
                    + "} and export that variable instead");
        }
        return value;
    }

    private String jaasConfig(Function<String, String> env) {
        if (blankToNull(saslUsername) == null) {
            throw new ConfigException(
                    "kafka.sasl_mechanism is " + saslMechanism + " but kafka.sasl_username is not set;"
                            + " set it (Confluent Cloud: the API key) or MASKWATCH_KAFKA_SASL_USERNAME");
        }
        String password = env.apply(saslPasswordEnv);
        if (password == null || password.isEmpty()) {
            throw new ConfigException("kafka.sasl_username is set but the environment variable " + saslPasswordEnv
                    + " holding the password is empty; export " + saslPasswordEnv + "=<password or API secret>");
        }
        String module = switch (saslMechanism.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
            case "SCRAM-SHA-256", "SCRAM-SHA-512" -> "org.apache.kafka.common.security.scram.ScramLoginModule";
            default ->
                throw new ConfigException("kafka.sasl_mechanism: " + saslMechanism
                        + " is not supported here; use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, or configure"
                        + " sasl.jaas.config yourself under kafka.properties");
        };
        return module + " required username=\"" + quote(saslUsername) + "\" password=\"" + quote(password) + "\";";
    }

    /** For logs: where it connects and how, never the password. */
    public String describe() {
        String security = blankToNull(securityProtocol) == null ? "PLAINTEXT" : securityProtocol;
        String sasl = blankToNull(saslMechanism) == null ? "" : " sasl=" + saslMechanism + " user=" + saslUsername;
        return bootstrapServers + " (" + security + sasl + ")";
    }

    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
