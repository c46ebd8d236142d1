package io.maskwatch.server.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics a service uses when they are missing, with enough partitions for several
 * ingress instances to share the load. Best effort: a broker that is down or an account without
 * the right to create topics (managed clusters) only earns a warning.
 */
public final class TopicSetup {
    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
    public static final int DEFAULT_PARTITIONS = 6;

    private TopicSetup() {}

    public static void ensure(KafkaClients clients, List<String> topics, int partitions) {
        try (Admin admin = Admin.create(clients.common())) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, java.util.Optional.of(partitions), java.util.Optional.empty()));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(15, TimeUnit.SECONDS);
                log.info(
                        "Created topics {}",
                        missing.stream().map(NewTopic::name).toList());
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn(
                    "Could not check or create topics {} ({}); carrying on with whatever exists."
                            + " Create them by hand if the broker does not auto-create topics.",
                    topics,
                    e.toString());
        }
    }
}
