package io.maskwatch.server.web.alerts;

import io.javalin.http.sse.SseClient;
import io.maskwatch.core.retry.OutageLog;
import io.maskwatch.core.retry.RetryBackoff;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every open dashboard about each new alert, whichever server instance archived it. The
 * ingress's insert trigger calls {@code pg_notify('maskwatch_alert', id)}; this feed LISTENs on
 * one connection. A notification is only a wake-up: the feed then reads every alert above the last
 * id it told, so alerts archived while it was reconnecting are told too, in order.
 */
public final class LiveAlertFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveAlertFeed.class);
    /** Without a notification, how often the feed still looks (and the SSE connections get a keep-alive). */
    private static final int POLL_MILLIS = 10_000;

    private final DataSource dataSource;
    private final AlertRepository alerts;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final OutageLog outage = new OutageLog(log, "PostgreSQL (live alert feed)");
    private final Thread thread;
    private volatile boolean stopped;
    private long lastToldId;

    public LiveAlertFeed(DataSource dataSource, AlertRepository alerts) {
        this.dataSource = dataSource;
        this.alerts = alerts;
        this.thread = new Thread(this::run, "dashboard-live-feed");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** A browser's event stream: it gets an {@code alert} event for each new alert until it leaves. */
    public void subscribe(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        client.sendComment("connected");
    }

    public int subscribers() {
        return clients.size();
    }

    private void run() {
        RetryBackoff backoff = RetryBackoff.standard();
        while (!stopped) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN maskwatch_alert");
                }
                if (lastToldId == 0) {
                    lastToldId = alerts.lastId();
                }
                outage.succeeded();
                backoff.reset();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!stopped) {
                    var notifications = pg.getNotifications(POLL_MILLIS);
                    tellNewAlerts();
                    if (notifications == null || notifications.length == 0) {
                        clients.forEach(client -> client.sendComment("keep-alive"));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (stopped) {
                    return;
                }
                outage.failed("new alerts reach open dashboards once it is back", e);
                pause(backoff.nextDelay().toMillis());
            }
        }
    }

    private void tellNewAlerts() {
        List<AlertSummary> fresh;
        do {
            fresh = alerts.newerThan(lastToldId, 200);
            for (AlertSummary alert : fresh) {
                for (SseClient client : clients) {
                    if (client.terminated()) {
                        clients.remove(client);
                    } else {
                        client.sendEvent("alert", alert);
                    }
                }
                lastToldId = alert.id();
            }
        } while (fresh.size() == 200);
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        clients.forEach(SseClient::close);
        clients.clear();
    }
}
