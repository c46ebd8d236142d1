package io.maskwatch.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.maskwatch.server.config.FloodControlSettings;
import io.maskwatch.server.config.PostgresSettings;
import io.maskwatch.server.config.RecipientSettings;
import io.maskwatch.server.config.ServerConfig;
import io.maskwatch.server.config.SmtpSettings;
import io.maskwatch.server.db.Database;
import io.maskwatch.server.ingress.IngressService;
import io.maskwatch.server.testing.SizeLimitedSmtpServer;
import io.maskwatch.server.testing.Sql;
import io.maskwatch.server.testing.TestAlerts;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.testing.TestProducer;
import io.maskwatch.wire.TopicSettings;
import io.maskwatch.wire.proto.Alert;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An SMTP server that refuses one email for good (552 after DATA: too large) must fail that
 * delivery, with the reason, and let the others through; and crops above smtp.max_image_kb are
 * scaled down so the refusal does not happen in the first place.
 */
class PermanentRefusalTest {
    private static final RecipientSettings ALICE =
            new RecipientSettings("Alice", "alice@example.com", "UTC", null, null);
    /** The server's limit: a small crop's email fits, a 300 KB crop's does not. */
    private static final int SMTP_LIMIT = 200_000;

    private SizeLimitedSmtpServer smtp;
    private Database database;
    private IngressService ingress;
    private NotifierService notifier;
    private TestProducer producer;

    private void start(int maxImageKb) throws Exception {
        smtp = SizeLimitedSmtpServer.start(SMTP_LIMIT);
        TopicSettings topics = TestInfra.newTopics();
        PostgresSettings pg = TestInfra.newDatabase();
        database = Database.open(pg, name -> null, () -> true);
        SmtpSettings smtpSettings =
                new SmtpSettings("127.0.0.1", smtp.port(), "none", null, null, "MaskWatch <a@m.test>", 5, maxImageKb);
        ServerConfig config = new ServerConfig(
                TestInfra.kafkaClients().settings(),
                topics,
                pg,
                smtpSettings,
                List.of(ALICE),
                Map.of(),
                new FloodControlSettings(100, 600));
        ingress = new IngressService(TestInfra.kafkaClients(), topics, database.dataSource(), "test");
        notifier = new NotifierService(config, TestInfra.kafkaClients(), database.dataSource(), name -> null);
        ingress.start();
        notifier.start();
        producer = new TestProducer();
        // Alerts 0-5 carry a small crop, alert 6 a 300 KB photo-sized one, in the middle of the queue.
        for (int i = 0; i < 7; i++) {
            Alert alert = TestAlerts.maskWatch(UUID.randomUUID(), i, 3_000);
            if (i == 3) {
                alert = alert.toBuilder()
                        .setImage(alert.getImage().toBuilder()
                                .setData(com.google.protobuf.ByteString.copyFrom(largeJpeg())))
                        .build();
            }
            producer.send(topics.alerts(), null, alert.toByteArray());
        }
        producer.flush();
    }

    /** A noisy 900 x 900 photo: about 300 KB as JPEG. */
    private static byte[] largeJpeg() throws Exception {
        BufferedImage image = new BufferedImage(900, 900, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(5);
        for (int y = 0; y < 900; y++) {
            for (int x = 0; x < 900; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        assertThat(out.size()).isGreaterThan(SMTP_LIMIT);
        return out.toByteArray();
    }

    @AfterEach
    void stop() throws Exception {
        if (producer != null) {
            producer.close();
        }
        if (notifier != null) {
            notifier.close();
            ingress.close();
            database.close();
        }
        if (smtp != null) {
            smtp.close();
        }
    }

    @Test
    void aMessageRefusedForGoodFailsAloneWithItsReasonAndTheRestAreSent() throws Exception {
        start(1024); // no scaling below 1 MB: the large crop reaches the server as it is

        await().atMost(Duration.ofSeconds(60)).until(() -> smtp.accepted().size() == 6 && notifier.emailsFailed() == 1);
        assertThat(smtp.refusedSizes()).hasSize(1);
        assertThat(Sql.strings(
                        database.dataSource(),
                        "SELECT status || ': ' || coalesce(failure, '') FROM alert_delivery"
                                + " WHERE status = 'failed'"))
                .singleElement()
                .satisfies(f -> assertThat(f).contains("message refused").contains("552"));
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        Sql.count(database.dataSource(), "SELECT count(*) FROM alert_delivery WHERE status = 'sent'")
                                == 6);
    }

    @Test
    void aCropAboveTheConfiguredSizeIsScaledDownAndEveryEmailGoesOut() throws Exception {
        start(64);

        await().atMost(Duration.ofSeconds(60)).until(() -> smtp.accepted().size() == 7);
        assertThat(smtp.refusedSizes()).isEmpty();
        assertThat(notifier.emailsFailed()).isZero();
        // The large crop went out as a JPEG of at most 64 KB that still decodes.
        String message = smtp.accepted().stream()
                .max(java.util.Comparator.comparingInt(String::length))
                .orElseThrow();
        byte[] attached = Base64.getMimeDecoder().decode(inlineImage(message));
        assertThat(attached.length).isLessThanOrEqualTo(64 * 1024).isGreaterThan(4 * 1024);
        BufferedImage decoded = ImageIO.read(new java.io.ByteArrayInputStream(attached));
        assertThat(decoded.getWidth()).isLessThan(900).isGreaterThan(100);
    }

    /** The base64 body of the message's image part. */
    private static String inlineImage(String message) {
        int part = message.indexOf("Content-Type: image/jpeg");
        int body = message.indexOf("\r\n\r\n", part) + 4;
        int end = message.indexOf("\r\n--", body);
        return message.substring(body, end);
    }
}
