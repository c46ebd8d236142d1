package io.maskwatch.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.maskwatch.server.config.FloodControlSettings;
import io.maskwatch.server.config.PostgresSettings;
import io.maskwatch.server.config.RecipientSettings;
import io.maskwatch.server.config.ServerConfig;
import io.maskwatch.server.config.SmtpSettings;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.ingress.IngressService;
import io.maskwatch.server.kafka.DeadLetters;
import io.maskwatch.server.kafka.NotifyIds;
import io.maskwatch.server.testing.Await;
import io.maskwatch.server.testing.ReceivedEmail;
import io.maskwatch.server.testing.Sql;
import io.maskwatch.server.testing.TestAlerts;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.testing.TestProducer;
import io.maskwatch.server.testing.TopicReader;
import io.maskwatch.wire.TopicSettings;
import io.maskwatch.wire.proto.Alert;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ingress + notifier against an in-process broker, an embedded PostgreSQL and an in-process SMTP server. */
class NotifierTest {
    private static final RecipientSettings ALICE =
            new RecipientSettings("Alice Admin", "alice@example.com", "Europe/Paris", null, List.of("hq"));
    private static final RecipientSettings BOB =
            new RecipientSettings("Bob", "bob@example.com", "America/New_York", List.of("another-device"), null);

    private GreenMail smtp;
    private TopicSettings topics;
    private Database database;
    private IngressService ingress;
    private NotifierService notifier;
    private TestProducer producer;

    @BeforeEach
    void startSmtp() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        producer = new TestProducer();
    }

    private void startServer(FloodControlSettings flood) {
        topics = TestInfra.newTopics();
        PostgresSettings pg = TestInfra.newDatabase();
        database = Database.open(pg, name -> null, () -> true);
        SmtpSettings smtpSettings =
                SmtpSettings.plain("127.0.0.1", smtp.getSmtp().getPort(), "MaskWatch <alerts@maskwatch.test>", 5);
        ServerConfig config = new ServerConfig(
                TestInfra.kafkaClients().settings(),
                topics,
                pg,
                smtpSettings,
                List.of(ALICE, BOB),
                Map.of("hq", List.of(TestAlerts.DEVICE)),
                flood);
        ingress = new IngressService(TestInfra.kafkaClients(), topics, database.dataSource(), "test");
        notifier = new NotifierService(config, TestInfra.kafkaClients(), database.dataSource(), name -> null);
        ingress.start();
        notifier.start();
    }

    @AfterEach
    void stop() {
        producer.close();
        if (notifier != null) {
            notifier.close();
            ingress.close();
            database.close();
        }
        smtp.stop();
    }

    private List<UUID> sendAlerts(int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            producer.send(
                    topics.alerts(), null, TestAlerts.maskWatch(id, i, 3_000).toByteArray());
        }
        producer.flush();
        return ids;
    }

    private List<ReceivedEmail> received() {
        return Arrays.stream(smtp.getReceivedMessages()).map(ReceivedEmail::of).toList();
    }

    @Test
    void emailHasTheSeedSubjectGreetsByNameShowsLocalTimeAndTheFaceInline() {
        startServer(new FloodControlSettings(10, 600));
        Alert sent = TestAlerts.maskWatch(UUID.randomUUID(), 0, 3_000);
        producer.send(topics.alerts(), null, sent.toByteArray());
        producer.flush();

        assertThat(Await.until(() -> smtp.getReceivedMessages().length == 1, Duration.ofSeconds(30)))
                .isTrue();
        DataSource ds = database.dataSource();
        long alertId = Sql.count(ds, "SELECT id FROM alert");
        ReceivedEmail email = received().get(0);

        assertThat(email.to()).isEqualTo("Alice Admin <alice@example.com>");
        assertThat(email.subject()).isEqualTo("Someone's not wearing their mask - Alert #" + alertId);
        // 09:00:00.123Z is 10:00 in Paris in March (CET).
        assertThat(email.html())
                .contains("Hello <span>Alice Admin</span>,")
                .contains("2024-03-01 10:00:00 CET")
                .contains("Raspberry Pi 4 Model B (" + TestAlerts.DEVICE + ")")
                .contains("42.36025, -71.05829")
                .contains("80.0 %")
                .contains("cam-0")
                .contains("cid:face-" + alertId + "@maskwatch");
        assertThat(email.text())
                .contains("Hello Alice Admin,")
                .contains("Alert #" + alertId)
                .contains("2024-03-01 10:00:00 CET");
        assertThat(email.inlineImages()).containsOnlyKeys("face-" + alertId + "@maskwatch");
        assertThat(email.inlineImages().get("face-" + alertId + "@maskwatch"))
                .isEqualTo(sent.getImage().getData().toByteArray());
        assertThat(Await.until(
                        () -> Sql.count(
                                        ds,
                                        "SELECT count(*) FROM alert WHERE notification_sent AND notified_at IS NOT NULL")
                                == 1,
                        Duration.ofSeconds(10)))
                .isTrue();
        // Bob follows another device only.
        assertThat(received()).hasSize(1);
    }

    @Test
    void floodControlSendsAtMostNPerWindowAndTheRestAsOneDigest() {
        // The window is long enough for all 8 alerts to arrive inside it even on a loaded machine
        // (with a short one, late alerts fall into the next window and get emails of their own).
        startServer(new FloodControlSettings(3, 15));
        sendAlerts(8);
        DataSource ds = database.dataSource();

        assertThat(Await.until(() -> smtp.getReceivedMessages().length == 4, Duration.ofSeconds(75)))
                .isTrue();
        assertThat(Await.until(
                        () -> Sql.count(ds, "SELECT count(*) FROM alert WHERE notification_sent") == 8,
                        Duration.ofSeconds(60)))
                .isTrue();
        List<ReceivedEmail> emails = received();

        assertThat(emails.stream().filter(e -> !e.isDigest())).hasSize(3);
        List<ReceivedEmail> digests =
                emails.stream().filter(ReceivedEmail::isDigest).toList();
        assertThat(digests).hasSize(1);
        assertThat(digests.get(0).subject()).startsWith("5 people not wearing their mask");
        assertThat(digests.get(0).inlineImages()).hasSize(5);
        List<Long> mailed =
                emails.stream().flatMap(e -> e.alertIds().stream()).sorted().toList();
        assertThat(mailed).isEqualTo(Sql.longs(ds, "SELECT id FROM alert ORDER BY id"));
        assertThat(Sql.count(ds, "SELECT count(*) FROM sent_email WHERE recipient = 'alice@example.com'"))
                .isEqualTo(4);
        // What maskwatch_emails_sent_total and maskwatch_alerts_held_total read (an alert that came while the
        // digest was being made goes in it without being held first).
        assertThat(notifier.emailsSent()).isEqualTo(4);
        assertThat(notifier.alertsHeld()).isBetween(1L, 5L);
    }

    @Test
    void smtpServerDownMeansRetryLaterNotDropNorCrash() throws Exception {
        startServer(new FloodControlSettings(100, 600));
        int port = smtp.getSmtp().getPort();
        smtp.stop();
        sendAlerts(3);
        DataSource ds = database.dataSource();
        assertThat(Await.until(() -> Sql.count(ds, "SELECT count(*) FROM alert_delivery") == 3, Duration.ofSeconds(30)))
                .isTrue();
        Thread.sleep(2_000);
        assertThat(Sql.count(ds, "SELECT count(*) FROM alert WHERE notification_sent"))
                .isZero();

        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();

        assertThat(Await.until(() -> smtp.getReceivedMessages().length == 3, Duration.ofSeconds(60)))
                .isTrue();
        assertThat(Await.until(
                        () -> Sql.count(ds, "SELECT count(*) FROM alert WHERE notification_sent") == 3,
                        Duration.ofSeconds(10)))
                .isTrue();
        Thread.sleep(1_500);
        assertThat(received()).hasSize(3);
        assertThat(received().stream().flatMap(e -> e.alertIds().stream()).distinct())
                .hasSize(3);
    }

    @Test
    void badValuesOnTheNotifyTopicAreSetAsideAndTheNotifierGoesOn() {
        startServer(new FloodControlSettings(100, 600));
        producer.send(topics.toNotify(), null, new byte[] {1, 2, 3});
        producer.send(topics.toNotify(), null, NotifyIds.encode(987_654));
        producer.flush();
        sendAlerts(1);

        List<ConsumerRecord<byte[], byte[]>> dead =
                TopicReader.readUntil(topics.notifyDeadLetter(), r -> r.size() >= 2, Duration.ofSeconds(30));
        assertThat(Await.until(() -> smtp.getReceivedMessages().length == 1, Duration.ofSeconds(30)))
                .isTrue();

        assertThat(dead.stream()
                        .map(r -> new String(
                                r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8)))
                .containsExactlyInAnyOrder(
                        "expected an alert id as 8 bytes (unsigned 64-bit little-endian), got 3 bytes",
                        "alert 987654 is not in the archive");
        assertThat(notifier.deadLetters()).isEqualTo(2);
    }
}
