package io.maskwatch.server.web.auth;

import java.util.UUID;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** BCrypt password hashes (Spring Security's encoder, cost 12). */
public final class Passwords {
    private static final BCryptPasswordEncoder ENCODER = new BCryptPasswordEncoder(12);

    private Passwords() {}

    public static String hash(CharSequence password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the password is empty");
        }
        return ENCODER.encode(password);
    }

    public static boolean matches(CharSequence password, String hash) {
        return password != null && ENCODER.matches(password, hash);
    }

    /**
     * Spends the time of one check and says no: a login with an unknown user name then takes as
     * long as one with a wrong password, so the answer time does not tell which names exist.
     */
    public static boolean matchesNobody(CharSequence password) {
        ENCODER.matches(password == null ? "" : password, Decoy.HASH);
        return false;
    }

    /** Made on first use only: hashing costs a quarter of a second. */
    private static final class Decoy {
        static final String HASH = ENCODER.encode(UUID.randomUUID().toString());
    }
}
