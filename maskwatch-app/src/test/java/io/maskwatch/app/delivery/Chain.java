package io.maskwatch.app.delivery;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.maskwatch.edge.config.DeviceConfig;
import io.maskwatch.edge.dispatch.DispatchConfig;
import io.maskwatch.edge.dispatch.DispatchListener;
import io.maskwatch.edge.dispatch.Dispatcher;
import io.maskwatch.edge.store.EventStore;
import io.maskwatch.server.config.FloodControlSettings;
import io.maskwatch.server.config.PostgresSettings;
import io.maskwatch.server.config.RecipientSettings;
import io.maskwatch.server.config.ServerConfig;
import io.maskwatch.server.config.SmtpSettings;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.ingress.IngressService;
import io.maskwatch.server.notify.NotifierService;
import io.maskwatch.server.testing.ReceivedEmail;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.wire.KafkaSettings;
import io.maskwatch.wire.TopicSettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The whole delivery chain in one test JVM: SQLite store and dispatcher, the shared in-process
 * broker and PostgreSQL, ingress, notifier, and a GreenMail SMTP server that can be stopped and
 * started again on its port.
 */
final class Chain implements AutoCloseable {
    static final RecipientSettings ALICE = new RecipientSettings("Alice", "alice@example.com", "UTC", null, null);
    static final RecipientSettings BOB =
            new RecipientSettings("Bob", "bob@example.com", "Europe/Paris", List.of("device-b"), null);

    final TopicSettings topics = TestInfra.newTopics();
    final Database database;
    final EventStore store;
    final Dispatcher dispatcher;
    final IngressService ingress;
    final NotifierService notifier;
    private final int smtpPort;
    private GreenMail smtp;

    Chain(Path storeFile, Map<String, String> kafkaProperties) {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        smtpPort = smtp.getSmtp().getPort();
        PostgresSettings pg = TestInfra.newDatabase();
        database = Database.open(pg, name -> null, () -> true);
        KafkaSettings kafka =
                new KafkaSettings(TestInfra.kafka().bootstrapServers(), null, null, null, null, kafkaProperties);
        ServerConfig config = new ServerConfig(
                kafka,
                topics,
                pg,
                SmtpSettings.plain("127.0.0.1", smtpPort, "MaskWatch <alerts@maskwatch.test>", 5),
                List.of(ALICE, BOB),
                Map.of(),
                new FloodControlSettings(100_000, 60));
        ingress = new IngressService(TestInfra.kafkaClients(), topics, database.dataSource(), "e2e", 2);
        notifier = new NotifierService(config, TestInfra.kafkaClients(), database.dataSource(), name -> null);
        store = EventStore.open(storeFile);
        dispatcher = Dispatcher.create(
                new DispatchConfig(new DeviceConfig("device-a", "test", null), storeFile, kafka, topics.alerts()),
                store,
                name -> null,
                DispatchListener.NONE);
        ingress.start();
        notifier.start();
        dispatcher.start();
    }

    synchronized List<ReceivedEmail> emails() {
        return smtp == null
                ? List.of()
                : Arrays.stream(smtp.getReceivedMessages())
                        .map(ReceivedEmail::of)
                        .toList();
    }

    synchronized int emailCount() {
        return smtp == null ? 0 : smtp.getReceivedMessages().length;
    }

    /** The SMTP server goes away (connection refused); what it received so far is kept by the caller. */
    synchronized List<ReceivedEmail> stopSmtp() {
        // Read the mailbox after the server is down, or a message accepted between the read and
        // the stop would be counted by the notifier as sent and by the test as lost. stop()
        // swaps in empty managers, so keep hold of the old ones.
        com.icegreen.greenmail.Managers mailboxes = smtp.getManagers();
        smtp.stop();
        smtp = null;
        return mailboxes.getImapHostManager().getAllMessages().stream()
                .map(m -> ReceivedEmail.of(m.getMimeMessage()))
                .toList();
    }

    synchronized void startSmtp() {
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @Override
    public void close() {
        dispatcher.close();
        store.close();
        notifier.close();
        ingress.close();
        database.close();
        if (smtp != null) {
            smtp.stop();
        }
    }
}
