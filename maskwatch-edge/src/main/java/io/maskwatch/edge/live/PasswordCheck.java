package io.maskwatch.edge.live;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import io.maskwatch.core.passwords.Passwords;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HTTP Basic authentication against the configured user and BCrypt hash. A request without
 * credentials, or with wrong ones, gets 401 with {@code WWW-Authenticate: Basic} (the JDK's
 * {@link BasicAuthenticator} answers it). The user name is compared in constant time and the
 * password is checked even when the name is wrong, so the answer's time tells neither apart.
 *
 * <p>A browser sends the credentials with every request (the page asks for its counts every
 * second), and a BCrypt check costs a quarter of a second of CPU: the credentials that passed are
 * remembered as their HMAC under a key made at start, and a request that repeats them is let in
 * without BCrypt. BCrypt checks run one at a time, so wrong guesses cost the device one core at
 * most.
 */
final class PasswordCheck extends BasicAuthenticator {
    static final String REALM = "MaskWatch live view";

    private final byte[] user;
    private final String passwordHash;
    private final Mac mac;
    private final Object oneAtATime = new Object();
    /** The HMAC of the credentials last let in (guarded by {@link #mac}); null before the first. */
    private byte[] passed;

    PasswordCheck(String user, String passwordHash) {
        super(REALM, StandardCharsets.UTF_8);
        this.passwordHash = passwordHash;
        try {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            this.user = digest(user);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }

    /** As the JDK's, but a header that is not Base64 is refused like wrong credentials (the JDK's lets it fail the exchange). */
    @Override
    public Result authenticate(HttpExchange exchange) {
        try {
            return super.authenticate(exchange);
        } catch (IllegalArgumentException notBase64) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            return new Failure(401);
        }
    }

    @Override
    public boolean checkCredentials(String givenUser, String givenPassword) {
        byte[] given = digest(givenUser + '\0' + givenPassword);
        synchronized (mac) {
            if (passed != null && MessageDigest.isEqual(given, passed)) {
                return true;
            }
        }
        boolean userMatches = MessageDigest.isEqual(digest(givenUser), user);
        boolean passwordMatches;
        synchronized (oneAtATime) {
            passwordMatches = Passwords.matches(givenPassword, passwordHash);
        }
        if (userMatches && passwordMatches) {
            synchronized (mac) {
                passed = given;
            }
            return true;
        }
        return false;
    }

    /** A fixed-length digest, so that comparing two of them takes the same time whatever their texts. */
    private byte[] digest(String text) {
        synchronized (mac) {
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
