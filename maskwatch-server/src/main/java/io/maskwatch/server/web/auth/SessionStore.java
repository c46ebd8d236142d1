package io.maskwatch.server.web.auth;

import io.maskwatch.server.config.DashboardSettings;
import io.maskwatch.server.config.DashboardUser;
import io.maskwatch.server.db.DatabaseException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Sessions in PostgreSQL, so that any server instance behind a load balancer knows them. The
 * cookie carries a random token; the table keeps only its SHA-256. A session ends when unused for
 * {@code dashboard.session_idle_minutes}, when its user leaves the configuration, or at logout.
 */
public final class SessionStore {
    /** A session's last use is written at most this often: reading a page must not mean a write each time. */
    private static final Duration TOUCH_EVERY = Duration.ofSeconds(30);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;
    private final DashboardSettings settings;
    private final Clock clock;

    public SessionStore(DataSource dataSource, DashboardSettings settings, Clock clock) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.clock = clock;
    }

    /** A new session for {@code user}; returns the token for the cookie (only place it exists). */
    public String create(DashboardUser user) {
        String token = randomToken();
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO web_session (token_hash, user_name, csrf_token, created_at, last_seen_at)"
                                + " VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, hash(token));
            insert.setString(2, user.name());
            insert.setString(3, randomToken());
            insert.setTimestamp(4, Timestamp.from(now));
            insert.setTimestamp(5, Timestamp.from(now));
            insert.executeUpdate();
            return token;
        } catch (SQLException e) {
            throw new DatabaseException("could not save the session: " + e.getMessage(), e);
        }
    }

    /** The live session of {@code token}, touched; empty when unknown, idle too long or its user is gone. */
    public Optional<Session> find(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        String tokenHash = hash(token);
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT user_name, csrf_token, last_seen_at FROM web_session WHERE token_hash = ?")) {
            select.setString(1, tokenHash);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Optional<DashboardUser> user = settings.user(rs.getString(1));
                Instant lastSeen = rs.getTimestamp(3).toInstant();
                if (user.isEmpty() || lastSeen.plus(settings.sessionIdle()).isBefore(now)) {
                    delete(c, tokenHash);
                    return Optional.empty();
                }
                if (lastSeen.plus(TOUCH_EVERY).isBefore(now)) {
                    touch(c, tokenHash, now);
                }
                return Optional.of(new Session(tokenHash, user.get(), rs.getString(2)));
            }
        } catch (SQLException e) {
            throw new DatabaseException("could not read the session: " + e.getMessage(), e);
        }
    }

    public void end(Session session) {
        try (Connection c = dataSource.getConnection()) {
            delete(c, session.tokenHash());
        } catch (SQLException e) {
            throw new DatabaseException("could not end the session: " + e.getMessage(), e);
        }
    }

    /** Removes sessions idle past the limit; returns how many. */
    public int deleteExpired() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement("DELETE FROM web_session WHERE last_seen_at < ?")) {
            delete.setTimestamp(1, Timestamp.from(clock.instant().minus(settings.sessionIdle())));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseException("could not remove expired sessions: " + e.getMessage(), e);
        }
    }

    private static void touch(Connection c, String tokenHash, Instant now) throws SQLException {
        try (PreparedStatement update =
                c.prepareStatement("UPDATE web_session SET last_seen_at = ? WHERE token_hash = ?")) {
            update.setTimestamp(1, Timestamp.from(now));
            update.setString(2, tokenHash);
            update.executeUpdate();
        }
    }

    private static void delete(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM web_session WHERE token_hash = ?")) {
            delete.setString(1, tokenHash);
            delete.executeUpdate();
        }
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
