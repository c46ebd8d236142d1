package io.maskwatch.server.config;

import io.maskwatch.core.config.ConfigException;
import io.maskwatch.core.config.SettingsFile;
import io.maskwatch.wire.KafkaSettings;
import io.maskwatch.wire.TopicSettings;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The server's configuration ({@code config/server.example.yaml}): Kafka, PostgreSQL, SMTP,
 * recipients and sites, flood control. Secrets come only from environment variables.
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
        FloodControlSettings floodControl) {

    /** The top-level sections of a server configuration file. */
    static final List<String> SECTIONS =
            List.of("kafka", "topics", "postgres", "smtp", "recipients", "sites", "flood_control");

    public static ServerConfig load(Path file, Function<String, String> env) {
        SettingsFile settings = file == null ? SettingsFile.empty(env) : SettingsFile.read(file, env);
        settings.requireOnlySections(SECTIONS);
        if (settings.has("kafka.topic")) {
            // The key of versions before 0.1, on the device; one name per setting now.
            throw new ConfigException(
                    settings.file() + ": kafka.topic: the topics are set as topics.alerts and topics.to_notify");
        }
        KafkaSettings kafka = settings.section("kafka", KafkaSettings.class);
        TopicSettings topics = settings.section("topics", TopicSettings.class);
        PostgresSettings postgres = settings.section("postgres", PostgresSettings.class);
        SmtpSettings smtp = settings.section("smtp", SmtpSettings.class);
        RecipientSettings[] recipients = settings.section("recipients", RecipientSettings[].class);
        SiteMap sites = settings.section("sites", SiteMap.class);
        FloodControlSettings flood = settings.section("flood_control", FloodControlSettings.class);
        ServerConfig config = new ServerConfig(
                kafka == null ? KafkaSettings.plaintext(null) : kafka,
                topics == null ? TopicSettings.defaults() : topics,
                (postgres == null ? new PostgresSettings(null, null, null, null) : postgres).withEnvironment(env),
                smtp == null ? new SmtpSettings(null, null, null, null, null, null, null, null) : smtp,
                recipients == null ? List.of() : Arrays.asList(recipients),
                sites == null ? Map.of() : sites,
                flood == null ? new FloodControlSettings(null, null) : flood);
        config.validateRecipients();
        return config;
    }

    /** Jackson target for {@code sites:} (a map of lists). */
    static final class SiteMap extends java.util.LinkedHashMap<String, List<String>> {
        private static final long serialVersionUID = 1L;
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
