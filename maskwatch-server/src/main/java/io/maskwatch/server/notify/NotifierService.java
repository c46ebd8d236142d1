package io.maskwatch.server.notify;

import io.maskwatch.core.ops.Health;
import io.maskwatch.core.retry.OutageLog;
import io.maskwatch.server.config.ServerConfig;
import io.maskwatch.server.kafka.BatchConsumerLoop;
import io.maskwatch.server.kafka.DeadLetters;
import io.maskwatch.server.kafka.KafkaClients;
import io.maskwatch.server.kafka.TopicSetup;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifier, wired: a consumer of the notify topic filling the outbox, the worker mailing
 * from it, and a sweep that picks up alerts whose announcement got lost.
 */
public final class NotifierService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotifierService.class);
    public static final String GROUP_ID = "maskwatch-notifier";
    /** How long an alert may go unannounced before the sweep takes it up. */
    private static final Duration SWEEP_GRACE = Duration.ofMinutes(1);

    private final BatchConsumerLoop consumerLoop;
    private final DeliveryWorker worker;
    private final DeliveryPlanner planner;
    private final DeliveryStore store;
    private final Producer<byte[], byte[]> producer;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "maskwatch-notify-sweep");
        t.setDaemon(true);
        return t;
    });
    private final OutageLog sweepOutage = new OutageLog(log, "PostgreSQL (notifier sweep)");
    private final Thread consumerThread;
    private final Thread workerThread;

    public NotifierService(
            ServerConfig config, KafkaClients kafka, DataSource dataSource, Function<String, String> env) {
        if (config.recipients().isEmpty()) {
            log.warn(
                    "No recipients: under recipients: in the server configuration; alerts are archived but not mailed");
        }
        this.store = new DeliveryStore(dataSource);
        RecipientRouter router = new RecipientRouter(config.recipients(), config.sites());
        this.planner = new DeliveryPlanner(store, router);
        this.worker = new DeliveryWorker(
                store,
                router,
                new EmailComposer(config.smtp().maxImageBytes()),
                new SmtpMailer(config.smtp(), env),
                config.floodControl());
        String notifyTopic = config.topics().toNotify();
        TopicSetup.ensure(
                kafka, List.of(notifyTopic, config.topics().notifyDeadLetter()), TopicSetup.DEFAULT_PARTITIONS);
        this.producer = kafka.producer("maskwatch-notifier-dlq");
        this.consumerLoop = new BatchConsumerLoop(
                "maskwatch-notifier",
                kafka.consumer(GROUP_ID, "maskwatch-notifier", 500),
                List.of(notifyTopic),
                new NotifyHandler(planner, worker::wakeUp),
                new DeadLetters(producer, config.topics().notifyDeadLetter(), "notifier"),
                "Kafka at " + kafka.settings().describe(),
                "PostgreSQL");
        this.consumerThread = new Thread(consumerLoop, "maskwatch-notify-consumer");
        this.workerThread = new Thread(worker, "maskwatch-notify-worker");
    }

    public void start() {
        consumerThread.start();
        workerThread.start();
        sweeper.scheduleWithFixedDelay(this::sweep, 10, 30, TimeUnit.SECONDS);
    }

    /** Alerts stored but never announced (a crash between the ingress' commit and its publish). */
    private void sweep() {
        try {
            List<Long> lost = store.unannounced(SWEEP_GRACE, Duration.ofDays(1), 1000);
            if (!lost.isEmpty()) {
                log.info("Sweep: {} alerts were stored but never announced; notifying them now", lost.size());
                planner.plan(lost);
                worker.wakeUp();
            }
            sweepOutage.succeeded();
        } catch (SQLException | RuntimeException e) {
            sweepOutage.failed("the sweep tries again in 30 s", e);
        }
    }

    public long emailsSent() {
        return worker.emailsSent();
    }

    /** Emails the SMTP server refused for good. */
    public long emailsFailed() {
        return worker.emailsFailed();
    }

    public long deadLetters() {
        return consumerLoop.deadLetterCount();
    }

    public long failedPollCount() {
        return consumerLoop.failedPollCount();
    }

    /** Readiness of its Kafka consumers: down when one has stopped or its polls fail. */
    public Health.Status consumerHealth() {
        return consumerLoop.health();
    }

    /** Alerts flood control held for a digest instead of mailing them alone (per recipient). */
    public long alertsHeld() {
        return worker.alertsHeld();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        consumerLoop.close();
        worker.close();
        producer.close(Duration.ofSeconds(5));
    }
}
