package io.maskwatch.app.chaos;

import io.maskwatch.devstack.DevSmtp;
import io.maskwatch.devstack.EmbeddedPostgresServer;
import io.maskwatch.edge.store.EventStore;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What reached the archive and the mailbox of the events written, counted after the run. */
final class ChainCount {
    private static final Pattern ALERT_ID = Pattern.compile("Alert #(\\d+)$");

    long lost;
    long rowsDoubled;
    long alerts;
    long emails;
    long emailsMissing;
    long emailsDoubled;
    long failedDeliveries;
    long unsent;

    /** Counts now; an archive away this moment counts as everything missing, to count again later. */
    static ChainCount of(EventStore store, EmbeddedPostgresServer postgres, DevSmtp smtp, Set<UUID> written)
            throws Exception {
        ChainCount o = new ChainCount();
        o.unsent = store.countUnsent();
        Map<Long, UUID> alertIds = new HashMap<>();
        long rows = 0;
        try (Connection c = DriverManager.getConnection(archiveUrl(postgres), "postgres", "");
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id, event_uuid FROM alert")) {
                while (rs.next()) {
                    rows++;
                    alertIds.put(rs.getLong(1), UUID.fromString(rs.getString(2)));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM alert_delivery WHERE status = 'failed'")) {
                rs.next();
                o.failedDeliveries = rs.getLong(1);
            }
        } catch (SQLException e) {
            // The archive was away this moment: count again at the next round.
            o.lost = written.size();
            o.emailsMissing = written.size();
            return o;
        }
        Set<UUID> archived = new HashSet<>(alertIds.values());
        archived.retainAll(written);
        o.lost = written.size() - archived.size();
        o.rowsDoubled = rows - alertIds.values().stream().distinct().count();
        o.alerts = alertIds.size();
        Map<Long, Integer> emailsPerAlert = new HashMap<>();
        for (MimeMessage m : smtp.received()) {
            Long id = alertId(m);
            if (id != null) {
                emailsPerAlert.merge(id, 1, Integer::sum);
                o.emails++;
            }
        }
        o.emailsMissing = alertIds.keySet().stream()
                        .filter(id -> !emailsPerAlert.containsKey(id))
                        .count()
                - o.failedDeliveries;
        o.emailsDoubled = emailsPerAlert.values().stream().mapToLong(n -> n - 1).sum();
        return o;
    }

    private static Long alertId(MimeMessage message) {
        try {
            Matcher m = ALERT_ID.matcher(message.getSubject());
            return m.find() ? Long.parseLong(m.group(1)) : null;
        } catch (MessagingException e) {
            return null;
        }
    }

    static String archiveUrl(EmbeddedPostgresServer postgres) {
        return postgres.jdbcUrl().replaceAll("/postgres$", "/maskwatch");
    }
}
