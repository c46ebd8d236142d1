package io.maskwatch.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.maskwatch.server.ingress.IngressService;
import io.maskwatch.server.testing.TestAlerts;
import io.maskwatch.server.testing.TestInfra;
import io.maskwatch.server.testing.TestProducer;
import io.maskwatch.wire.TopicSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Two dashboard instances on one PostgreSQL, as behind a load balancer: a session made on one is
 * good on the other, and an alert archived by the real ingress from a real broker reaches the
 * live feed of both.
 */
class TwoInstancesTest {
    @Test
    void sessionsAndTheLiveFeedWorkAcrossInstances() {
        TopicSettings topics = TestInfra.newTopics();
        try (TestDashboard dashboard = new TestDashboard();
                DashboardServer second = dashboard.startOn(dashboard.database);
                IngressService ingress =
                        new IngressService(TestInfra.kafkaClients(), topics, dashboard.database.dataSource(), "web");
                TestProducer producer = new TestProducer()) {
            ingress.start();
            DashboardClient onFirst = dashboard.admin();
            DashboardClient onSecond = onFirst.on(second.url());
            assertThat(second.port()).isNotEqualTo(dashboard.server.port());
            assertThat(onSecond.json("/api/me").get("user").asText()).isEqualTo(TestDashboard.ADMIN);
            assertThat(dashboard.anonymous().on(second.url()).get("/api/me").statusCode())
                    .isEqualTo(401);

            Queue<String> firstFeed = new ConcurrentLinkedQueue<>();
            Queue<String> secondFeed = new ConcurrentLinkedQueue<>();
            CompletableFuture<?> a = onFirst.listen(firstFeed);
            CompletableFuture<?> b = onSecond.listen(secondFeed);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> dashboard.server.liveSubscribers() == 1 && second.liveSubscribers() == 1);

            UUID event = UUID.randomUUID();
            producer.send(
                    topics.alerts(),
                    TestAlerts.DEVICE.getBytes(StandardCharsets.UTF_8),
                    TestAlerts.maskWatch(event, 3, 2_000).toByteArray());
            producer.flush();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(firstFeed)
                        .anySatisfy(line -> assertThat(line).startsWith("data:").contains(TestAlerts.DEVICE));
                assertThat(secondFeed)
                        .anySatisfy(line -> assertThat(line).startsWith("data:").contains(TestAlerts.DEVICE));
            });
            assertThat(firstFeed).contains("event: alert");
            assertThat(secondFeed).contains("event: alert");
            a.cancel(true);
            b.cancel(true);
        }
    }
}
