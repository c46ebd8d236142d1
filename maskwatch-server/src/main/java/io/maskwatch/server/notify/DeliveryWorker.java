package io.maskwatch.server.notify;

import io.maskwatch.core.retry.OutageLog;
import io.maskwatch.core.retry.RetryBackoff;
import io.maskwatch.server.config.FloodControlSettings;
import io.maskwatch.server.config.RecipientSettings;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox holds, recipient by recipient, under flood control: while a recipient
 * has had fewer than N emails in the window, each alert goes out alone; beyond that alerts are
 * held, and the held ones go out together as one digest as soon as the window has room again.
 *
 * <p>A delivery is marked sent only after the SMTP server accepted the email. SMTP down: the
 * deliveries stay pending and are retried with backoff. Database down right after the SMTP
 * server accepted an email: the acceptance is kept in memory and recorded before anything else
 * is sent, so the email does not go twice.
 */
final class DeliveryWorker implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    /** How often held alerts are looked at when nothing else wakes the worker. */
    private static final Duration TICK = Duration.ofSeconds(1);

    static final int MAX_DIGEST = 500;

    private record Accepted(String recipient, String kind, List<Long> alertIds, Instant at) {}

    private final DeliveryStore store;
    private final RecipientRouter router;
    private final EmailComposer composer;
    private final SmtpMailer mailer;
    private final FloodControlSettings flood;
    private final OutageLog smtpOutage;
    private final OutageLog dbOutage;
    private final RetryBackoff backoff = RetryBackoff.standard();
    private final List<Accepted> unrecorded = new ArrayList<>();
    private final Object wakeUp = new Object();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong emailsSent = new AtomicLong();
    private final AtomicLong emailsFailed = new AtomicLong();
    private final AtomicLong alertsHeld = new AtomicLong();
    private boolean signalled;
    private volatile boolean stopped;
    private volatile boolean started;

    DeliveryWorker(
            DeliveryStore store,
            RecipientRouter router,
            EmailComposer composer,
            SmtpMailer mailer,
            FloodControlSettings flood) {
        this.store = store;
        this.router = router;
        this.composer = composer;
        this.mailer = mailer;
        this.flood = flood;
        this.smtpOutage = new OutageLog(log, "The SMTP server " + mailer.describe());
        this.dbOutage = new OutageLog(log, "PostgreSQL (notifier)");
    }

    /** New deliveries are waiting: look now rather than at the next tick. */
    void wakeUp() {
        synchronized (wakeUp) {
            signalled = true;
            wakeUp.notifyAll();
        }
    }

    @Override
    public void run() {
        started = true;
        try {
            while (!stopped) {
                if (sendDue()) {
                    backoff.reset();
                    await(TICK, true);
                } else {
                    await(backoff.nextDelay(), false);
                }
            }
        } finally {
            finished.countDown();
        }
    }

    /** One round over every recipient with open deliveries; false when something was away. */
    boolean sendDue() {
        try {
            recordAccepted();
            for (String recipient : store.recipientsWithOpenDeliveries()) {
                if (stopped) {
                    break;
                }
                serve(recipient);
            }
            dbOutage.succeeded();
            smtpOutage.succeeded();
            return true;
        } catch (MessagingException e) {
            smtpOutage.failed("alerts stay pending and are sent when it is back", e);
            return false;
        } catch (SQLException e) {
            dbOutage.failed("no email is sent until it is back", e);
            return false;
        } finally {
            mailer.release();
        }
    }

    private void recordAccepted() throws SQLException {
        if (unrecorded.isEmpty()) {
            return;
        }
        try (Connection c = store.connection()) {
            while (!unrecorded.isEmpty()) {
                Accepted a = unrecorded.get(0);
                store.recordSent(c, a.recipient(), a.kind(), a.alertIds(), a.at());
                unrecorded.remove(0);
            }
        }
    }

    private void serve(String recipient) throws SQLException, MessagingException {
        try (Connection c = store.connection()) {
            if (!DeliveryStore.tryLock(c, recipient)) {
                return; // another notifier instance is serving this recipient
            }
            try {
                serveLocked(c, recipient);
            } finally {
                DeliveryStore.unlock(c, recipient);
            }
        }
    }

    private void serveLocked(Connection c, String recipient) throws SQLException, MessagingException {
        List<DeliveryStore.OpenDelivery> open = store.openDeliveries(c, recipient);
        if (open.isEmpty()) {
            return;
        }
        List<Long> held = ids(open, DeliveryStore.Status.HELD);
        List<Long> pending = ids(open, DeliveryStore.Status.PENDING);
        int room = flood.maxEmails() - store.emailsSentWithin(c, recipient, flood.window());
        if (room <= 0) {
            if (!pending.isEmpty()) {
                store.markHeld(c, recipient, pending);
                alertsHeld.addAndGet(pending.size());
            }
            return;
        }
        RecipientSettings who =
                router.byAddress(recipient).orElse(new RecipientSettings(recipient, recipient, "UTC", null, null));
        if (!held.isEmpty()) {
            List<Long> all = new ArrayList<>(held);
            all.addAll(pending);
            all = all.stream().sorted().limit(MAX_DIGEST).toList();
            send(c, recipient, "digest", all, composer.digest(who, store.load(c, all)));
            return;
        }
        for (int i = 0; i < pending.size(); i++) {
            if (room == 0) {
                store.markHeld(c, recipient, pending.subList(i, pending.size()));
                alertsHeld.addAndGet(pending.size() - i);
                return;
            }
            long id = pending.get(i);
            send(
                    c,
                    recipient,
                    "alert",
                    List.of(id),
                    composer.alert(who, store.load(c, List.of(id)).get(0)));
            room--;
        }
    }

    private void send(Connection c, String recipient, String kind, List<Long> alertIds, Email email)
            throws SQLException, MessagingException {
        try {
            mailer.send(email);
        } catch (SendFailedException e) {
            String refusal = permanentRefusal(e);
            if (refusal == null) {
                throw e;
            }
            log.error(
                    "The SMTP server refuses the {} email for good ({}); alerts {} are marked failed for {}, the"
                            + " other emails go on",
                    kind,
                    refusal,
                    alertIds,
                    recipient);
            store.markFailed(c, recipient, alertIds, refusal);
            emailsFailed.incrementAndGet();
            return;
        }
        Accepted accepted = new Accepted(recipient, kind, alertIds, Instant.now());
        emailsSent.incrementAndGet();
        try {
            store.recordSent(c, recipient, kind, alertIds, accepted.at());
        } catch (SQLException e) {
            unrecorded.add(accepted);
            throw e;
        }
    }

    /**
     * Why the server refused this one email for good, or null when the refusal is not about the email
     * (an outage, a login): then every email waits. A refused address, or a 55x reply (550-559:
     * mailbox, size, content) to this message, fails only its delivery.
     */
    private static String permanentRefusal(SendFailedException e) {
        if (e.getInvalidAddresses() != null && e.getInvalidAddresses().length > 0) {
            return "address refused: " + e.getMessage() + "; fix the address under recipients:";
        }
        if (e instanceof SMTPSendFailedException smtp && smtp.getReturnCode() >= 550 && smtp.getReturnCode() <= 559) {
            return "message refused: " + smtp.getMessage().strip();
        }
        return null;
    }

    private static List<Long> ids(List<DeliveryStore.OpenDelivery> open, DeliveryStore.Status status) {
        return open.stream()
                .filter(d -> d.status() == status)
                .map(DeliveryStore.OpenDelivery::alertId)
                .toList();
    }

    /** Waits for the timeout; a wake-up call ends it early only when {@code wakeOnSignal} (not while backing off). */
    private void await(Duration timeout, boolean wakeOnSignal) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (wakeUp) {
            while (!stopped && !(wakeOnSignal && signalled)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    wakeUp.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopped = true;
                }
            }
            signalled = false;
        }
    }

    long emailsSent() {
        return emailsSent.get();
    }

    /** Emails the SMTP server refused for good (their deliveries are marked failed). */
    long emailsFailed() {
        return emailsFailed.get();
    }

    /** Alerts flood control held for a digest (per recipient), each counted once when held. */
    long alertsHeld() {
        return alertsHeld.get();
    }

    @Override
    public void close() {
        stopped = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        if (started) {
            try {
                finished.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
