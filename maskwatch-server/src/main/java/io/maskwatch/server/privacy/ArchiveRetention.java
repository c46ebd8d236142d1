package io.maskwatch.server.privacy;

import io.maskwatch.core.schedule.PeriodicJob;
import io.maskwatch.server.config.RetentionSettings;
import io.maskwatch.server.db.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention in the archive, run by {@code maskwatch server} and {@code ingress} at start and then
 * every hour: alerts seen more than {@code retention.alert_days} ago are deleted with their images
 * and delivery records; of the younger ones, those seen more than {@code retention.image_days} ago
 * lose their face image (the row stays, with the time it went, so the dashboard can say so). The
 * record of each email sent (recipient, time: what flood control counts) goes after {@code
 * alert_days} too, once no delivery record points to it. Each
 * run that deletes anything writes an audit record of it; the audit log itself is never touched.
 * Several processes may run it on one database: a run finds nothing the other already deleted.
 */
public final class ArchiveRetention extends PeriodicJob {
    private static final Logger log = LoggerFactory.getLogger(ArchiveRetention.class);
    /** Retention is counted in days: an hour late is of no account, and a run costs little. */
    static final Duration INTERVAL = Duration.ofHours(1);

    static final String ACTOR = "retention";

    /**
     * An image whose email still waits (pending, or held for a digest) stays until it is out: the
     * email carries the face, and the notifier reads it when it sends.
     */
    private static final String DELETE_IMAGES = """
            UPDATE image i SET data = NULL, deleted_at = ?
            FROM alert a
            WHERE a.image_id = i.id AND a.event_time < ? AND i.deleted_at IS NULL AND i.data IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM alert_delivery d
                              WHERE d.alert_id = a.id AND d.status IN ('pending', 'held'))""";

    /** Flood control looks back minutes; the dashboard shows an email only through its delivery records. */
    private static final String DELETE_EMAIL_RECORDS = """
            DELETE FROM sent_email e
            WHERE e.sent_at < ? AND NOT EXISTS (SELECT 1 FROM alert_delivery d WHERE d.email_id = e.id)""";

    private final DataSource dataSource;
    private final RetentionSettings settings;
    private final AuditLog audit;
    private final AlertDeletion deletion;
    private final Clock clock;
    private final AtomicLong imagesDeleted = new AtomicLong();
    private final AtomicLong alertsDeleted = new AtomicLong();

    public ArchiveRetention(DataSource dataSource, RetentionSettings settings, Clock clock) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.clock = clock;
        this.audit = new AuditLog(dataSource, clock);
        this.deletion = new AlertDeletion(dataSource, audit);
    }

    /** Starts the hourly job; empty when both retentions are 0 (everything kept for ever). */
    public static Optional<ArchiveRetention> start(DataSource dataSource, RetentionSettings settings, Clock clock) {
        if (settings.images().isEmpty() && settings.alerts().isEmpty()) {
            log.info("retention.image_days and retention.alert_days are 0: alerts and their faces are kept for ever");
            return Optional.empty();
        }
        ArchiveRetention retention = new ArchiveRetention(dataSource, settings, clock);
        retention.startEvery("archive-retention", INTERVAL, retention::runOnce);
        return Optional.of(retention);
    }

    /** What one run deleted: alerts (with their images), images of alerts that stay, records of emails sent. */
    public record Run(int alerts, int images, int emailRecords) {}

    /** Deletes what is past its retention now; returns how much went. */
    public Run runOnce() {
        Instant now = clock.instant();
        int alerts = settings.alerts()
                .map(keep -> expireAlerts(now.minus(keep), keep))
                .orElse(0);
        int emails = settings.alerts()
                .map(keep -> deleteEmailRecords(now.minus(keep)))
                .orElse(0);
        int images = settings.images()
                .map(keep -> deleteImages(now.minus(keep), keep, now))
                .orElse(0);
        return new Run(alerts, images, emails);
    }

    private int deleteEmailRecords(Instant before) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement(DELETE_EMAIL_RECORDS)) {
            delete.setTimestamp(1, Timestamp.from(before));
            int deleted = delete.executeUpdate();
            if (deleted > 0) {
                log.info("Retention: deleted the records of {} email(s) sent before {}", deleted, before);
            }
            return deleted;
        } catch (SQLException e) {
            throw new DatabaseException("could not delete the records of emails past retention: " + e.getMessage(), e);
        }
    }

    private int expireAlerts(Instant before, Duration keep) {
        AlertDeletion.Deleted deleted = deletion.expire(before, "retention.alert_days: " + keep.toDays());
        alertsDeleted.addAndGet(deleted.alerts());
        if (deleted.alerts() > 0) {
            log.info(
                    "Retention: deleted {} alert(s) seen before {} ({} days) with {} image(s) and {} delivery"
                            + " record(s) (audit record {})",
                    deleted.alerts(),
                    before,
                    keep.toDays(),
                    deleted.images(),
                    deleted.deliveries(),
                    deleted.auditId());
        } else {
            log.debug("Retention: no alert seen before {}", before);
        }
        return deleted.alerts();
    }

    private int deleteImages(Instant before, Duration keep, Instant now) {
        int deleted;
        long auditId = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement(DELETE_IMAGES)) {
                update.setTimestamp(1, Timestamp.from(now));
                update.setTimestamp(2, Timestamp.from(before));
                deleted = update.executeUpdate();
                if (deleted > 0) {
                    auditId = audit.record(
                            c,
                            ACTOR,
                            AuditAction.RETENTION_IMAGES,
                            deleted,
                            "retention.image_days: " + keep.toDays(),
                            Map.of("seen_before", before.toString()));
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new DatabaseException("could not delete the face images past retention: " + e.getMessage(), e);
        }
        imagesDeleted.addAndGet(deleted);
        if (deleted > 0) {
            log.info(
                    "Retention: deleted the face images of {} alert(s) seen before {} ({} days; audit record {})",
                    deleted,
                    before,
                    keep.toDays(),
                    auditId);
        } else {
            log.debug("Retention: no face image of an alert seen before {} left to delete", before);
        }
        return deleted;
    }

    /** Face images deleted since this job was made (for the server's metrics); not those of deleted alerts. */
    public long imagesDeleted() {
        return imagesDeleted.get();
    }

    /** Alerts deleted since this job was made (for the server's metrics). */
    public long alertsDeleted() {
        return alertsDeleted.get();
    }
}
