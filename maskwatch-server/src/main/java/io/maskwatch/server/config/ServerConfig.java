package io.maskwatch.server.config;

import io.maskwatch.core.config.ConfigException;
import io.maskwatch.core.config.ConfigFile;
import io.maskwatch.core.config.ConfigSection;
import io.maskwatch.core.ops.OpsSettings;
import io.maskwatch.wire.KafkaSettings;
import io.maskwatch.wire.TopicSettings;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The server's configuration ({@code config/server.example.yaml}): Kafka, PostgreSQL, SMTP,
 * recipients and sites, flood control, the dashboard, retention, and where {@code /metrics} and
 * {@code /health} are served ({@code ops}). Secrets come only from environment variables.
 *
 * @param sites site name to the device ids standing there
 */
public record ServerConfig(
        KafkaSettings kafka,
        TopicSettings topics,
        PostgresSettings postgres,
        SmtpSettings smtp,
        List<RecipientSettings> recipients,
        Map<String, List<String>> sites,
        FloodControlSettings floodControl,
        DashboardSettings dashboard,
        RetentionSettings retention,
        OpsSettings ops) {

    /** Without dashboard, retention and ops sections: their defaults (no users, so nobody can log in). */
    public ServerConfig(
            KafkaSettings kafka,
            TopicSettings topics,
            PostgresSettings postgres,
            SmtpSettings smtp,
            List<RecipientSettings> recipients,
            Map<String, List<String>> sites,
            FloodControlSettings floodControl) {
        this(
                kafka,
                topics,
                postgres,
                smtp,
                recipients,
                sites,
                floodControl,
                DashboardSettings.defaults(),
                RetentionSettings.defaults(),
                OpsSettings.defaults());
    }

    /**
     * Reads {@code file} (or, when it is null, only the defaults and the environment) through the
     * device's mechanism, {@link ConfigFile}: strict, with types and ranges checked, and any single
     * value set from the environment by the one rule ({@code MASKWATCH_SMTP_HOST} sets {@code
     * smtp.host}).
     */
    public static ServerConfig load(Path file, Function<String, String> env) {
        ServerConfig config = ConfigFile.load(file, "config/server.example.yaml", env, Map.of(), ServerConfig::read)
                .config();
        return config.withPostgres(config.postgres().withEnvironment(env));
    }

    /** Every single-value key a server configuration can have (for the reference and its test). */
    public static Set<String> knownKeys() {
        return ConfigFile.knownKeys(ServerConfig::read);
    }

    private static ServerConfig read(ConfigSection root) {
        KafkaSettings kafka = KafkaSettings.read(root.section("kafka"));
        TopicSettings topics = TopicSettings.read(root.section("topics"));
        PostgresSettings postgres = PostgresSettings.read(root.section("postgres"));
        SmtpSettings smtp = SmtpSettings.read(root.section("smtp"));
        List<RecipientSettings> recipients = root.list("recipients", "email").stream()
                .map(RecipientSettings::read)
                .toList();
        ConfigSection sitesSection = root.section("sites");
        Map<String, List<String>> sites = new LinkedHashMap<>();
        for (String site : sitesSection.keys()) {
            sites.put(site, List.copyOf(sitesSection.stringList(site)));
        }
        FloodControlSettings flood = FloodControlSettings.read(root.section("flood_control"));
        DashboardSettings dashboard = DashboardSettings.read(root.section("dashboard"));
        RetentionSettings retention = RetentionSettings.read(root.section("retention"));
        ConfigSection opsSection = root.section("ops");
        OpsSettings ops = OpsSettings.readFrom(opsSection);
        opsSection.rejectUnknownKeys();
        root.rejectUnknownKeys();
        ServerConfig config = new ServerConfig(
                kafka,
                topics,
                postgres,
                smtp,
                recipients,
                java.util.Collections.unmodifiableMap(sites),
                flood,
                dashboard,
                retention,
                ops);
        config.validateRecipients();
        return config;
    }

    private ServerConfig withPostgres(PostgresSettings other) {
        return new ServerConfig(kafka, topics, other, smtp, recipients, sites, floodControl, dashboard, retention, ops);
    }

    public ServerConfig withDashboard(DashboardSettings other) {
        return new ServerConfig(kafka, topics, postgres, smtp, recipients, sites, floodControl, other, retention, ops);
    }

    public ServerConfig withRetention(RetentionSettings other) {
        return new ServerConfig(kafka, topics, postgres, smtp, recipients, sites, floodControl, dashboard, other, ops);
    }

    private void validateRecipients() {
        for (int i = 0; i < recipients.size(); i++) {
            RecipientSettings r = recipients.get(i);
            if (r.email() == null || !r.email().contains("@")) {
                throw new ConfigException("recipients[" + i + "].email: '" + r.email() + "' is not an email address");
            }
            try {
                ZoneId.of(r.timeZone());
            } catch (DateTimeException e) {
                throw new ConfigException("recipients[" + i + "].time_zone: " + e.getMessage()
                        + "; use an IANA zone such as Europe/Paris or America/New_York");
            }
            for (String site : r.sites()) {
                if (!sites.containsKey(site)) {
                    throw new ConfigException("recipients[" + i + "].sites: site '" + site
                            + "' is not defined under sites:; known sites: " + sites.keySet());
                }
            }
        }
    }
}
