package io.maskwatch.server.web.auth;

import io.maskwatch.server.db.DatabaseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Slows down password guessing per account: after {@value #FREE_FAILURES} failed logins in a row,
 * the account takes no attempt until {@link #FIRST_WAIT} has passed since the last failure, and
 * each further failure doubles the wait up to {@link #LONGEST_WAIT}. A good login resets it. Kept
 * in PostgreSQL, so that guessing against several server instances counts as one.
 */
public final class LoginThrottle {
    static final int FREE_FAILURES = 5;
    static final Duration FIRST_WAIT = Duration.ofSeconds(30);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(15);

    private final DataSource dataSource;
    private final Clock clock;

    public LoginThrottle(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** How long {@code user} must still wait before a login is tried; empty when it may be now. */
    public Optional<Duration> waitBefore(String user) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select =
                        c.prepareStatement("SELECT failures, last_failure_at FROM login_failure WHERE user_name = ?")) {
            select.setString(1, user);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next() || rs.getInt(1) < FREE_FAILURES) {
                    return Optional.empty();
                }
                Instant allowedAt = rs.getTimestamp(2).toInstant().plus(waitAfter(rs.getInt(1)));
                Duration left = Duration.between(clock.instant(), allowedAt);
                return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
            }
        } catch (SQLException e) {
            throw new DatabaseException("could not read failed logins: " + e.getMessage(), e);
        }
    }

    public void failed(String user) {
        update("""
                INSERT INTO login_failure (user_name, failures, last_failure_at) VALUES (?, 1, ?)
                ON CONFLICT (user_name) DO UPDATE SET failures = login_failure.failures + 1,
                    last_failure_at = EXCLUDED.last_failure_at""", user, true);
    }

    public void succeeded(String user) {
        update("DELETE FROM login_failure WHERE user_name = ?", user, false);
    }

    static Duration waitAfter(int failures) {
        int doublings = Math.min(failures - FREE_FAILURES, 10);
        Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    private void update(String sql, String user, boolean withTime) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, user);
            if (withTime) {
                statement.setTimestamp(2, Timestamp.from(clock.instant()));
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("could not record the login: " + e.getMessage(), e);
        }
    }
}
