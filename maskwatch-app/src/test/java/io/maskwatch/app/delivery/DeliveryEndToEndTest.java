package io.maskwatch.app.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.server.testing.Await;
import io.maskwatch.server.testing.ReceivedEmail;
import io.maskwatch.server.testing.Sql;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.testing.TestProducer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite -> dispatcher -> Kafka -> ingress -> PostgreSQL -> notifier -> SMTP, all real parts,
 * counted at the end: every event once in the archive and once in each recipient's mailbox.
 */
class DeliveryEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void fiveHundredEventsBecomeFiveHundredRowsAndTheirEmailsEachExactlyOnce() {
        try (Chain chain = new Chain(dir.resolve("maskwatch.db"), Map.of())) {
            for (int i = 0; i < 500; i++) {
                ChainEvents.append(chain.store, i, 2_000);
            }
            DataSource ds = chain.database.dataSource();

            assertThat(Await.until(() -> chain.emailCount() >= 750, Duration.ofSeconds(120)))
                    .as("emails received: %d", chain.emailCount())
                    .isTrue();
            assertThat(Await.until(
                            () -> Sql.count(ds, "SELECT count(*) FROM alert WHERE notification_sent") == 500,
                            Duration.ofSeconds(20)))
                    .isTrue();
            sleep(1_500); // anything doubled would arrive now

            assertThat(chain.store.countUnsent()).isZero();
            assertArchivedOnce(ds, 500);
            assertMailedOnce(ds, chain.emails());
        }
    }

    @Test
    void brokerPostgresAndSmtpOutagesAndAPoisonMessageInOneRunLoseAndDoubleNothing() throws Exception {
        // Short client timeouts so that the broker outage fails sends instead of waiting it out.
        Map<String, String> impatient =
                Map.of("delivery.timeout.ms", "3000", "request.timeout.ms", "1000", "max.block.ms", "1000");
        try (Chain chain = new Chain(dir.resolve("faults.db"), impatient);
                TestProducer seedStyleProducer = new TestProducer()) {
            DataSource ds = chain.database.dataSource();
            List<ReceivedEmail> receivedBeforeSmtpStop = new ArrayList<>();
            int total = 240;
            for (int i = 0; i < total; i++) {
                ChainEvents.append(chain.store, i, 1_000);
                if (i == 40) {
                    TestInfra.kafka().stopBroker();
                }
                if (i == 80) {
                    TestInfra.kafka().restartBroker();
                    seedStyleProducer.send(
                            chain.topics.alerts(), null, "garbage, not an alert".getBytes(StandardCharsets.UTF_8));
                    seedStyleProducer.flush();
                }
                if (i == 120) {
                    TestInfra.postgres().stop();
                }
                if (i == 160) {
                    TestInfra.postgres().restart();
                    receivedBeforeSmtpStop.addAll(chain.stopSmtp());
                }
                if (i == 200) {
                    chain.startSmtp();
                }
                Thread.sleep(40);
            }
            int expectedEmails = total + total / 2; // Alice gets all, Bob device B's half

            assertThat(Await.until(
                            () -> receivedBeforeSmtpStop.size() + chain.emailCount() >= expectedEmails,
                            Duration.ofSeconds(180)))
                    .as("emails: %d before the SMTP stop, %d after", receivedBeforeSmtpStop.size(), chain.emailCount())
                    .isTrue();
            assertThat(Await.until(
                            () -> Sql.count(ds, "SELECT count(*) FROM alert WHERE notification_sent") == total,
                            Duration.ofSeconds(30)))
                    .isTrue();
            sleep(1_500);

            assertThat(chain.store.countUnsent()).isZero();
            assertArchivedOnce(ds, total);
            List<ReceivedEmail> all = new ArrayList<>(receivedBeforeSmtpStop);
            all.addAll(chain.emails());
            assertMailedOnce(ds, all);
            assertThat(chain.ingress.deadLetterCount()).isEqualTo(1);

            // Still running after all that: one more event makes it through.
            ChainEvents.append(chain.store, total, 1_000);
            assertThat(Await.until(
                            () -> Sql.count(ds, "SELECT count(*) FROM alert WHERE notification_sent") == total + 1,
                            Duration.ofSeconds(60)))
                    .isTrue();
        }
    }

    private static void assertArchivedOnce(DataSource ds, int events) {
        assertThat(Sql.count(ds, "SELECT count(*) FROM alert")).isEqualTo(events);
        assertThat(Sql.count(ds, "SELECT count(DISTINCT event_uuid) FROM alert"))
                .isEqualTo(events);
        assertThat(Sql.count(ds, "SELECT count(DISTINCT track_id) FROM alert")).isEqualTo(events);
        assertThat(Sql.count(ds, "SELECT count(*) FROM image")).isEqualTo(events);
    }

    /** Alice has one email per alert, Bob one per alert of device B, none twice. */
    private static void assertMailedOnce(DataSource ds, List<ReceivedEmail> emails) {
        Map<String, List<ReceivedEmail>> byRecipient =
                emails.stream().collect(Collectors.groupingBy(ReceivedEmail::to));
        List<Long> all = Sql.longs(ds, "SELECT id FROM alert ORDER BY id");
        List<Long> deviceB = Sql.longs(ds, "SELECT id FROM alert WHERE device_id = 'device-b' ORDER BY id");
        assertThat(idsMailed(byRecipient.get("Alice <alice@example.com>"))).isEqualTo(all);
        assertThat(idsMailed(byRecipient.get("Bob <bob@example.com>"))).isEqualTo(deviceB);
        assertThat(byRecipient).hasSize(2);
    }

    private static List<Long> idsMailed(List<ReceivedEmail> emails) {
        return emails.stream()
                .map(ReceivedEmail::alertIds)
                .flatMap(List::stream)
                .sorted()
                .collect(Collectors.toList());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
