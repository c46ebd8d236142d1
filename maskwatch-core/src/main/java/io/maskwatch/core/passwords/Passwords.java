package io.maskwatch.core.passwords;

import java.util.UUID;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * BCrypt password hashes (Spring Security's encoder, cost 12): the dashboard's users and the device's
 * live view keep only these, made by {@code maskwatch users hash-password}.
 */
public final class Passwords {
    private static final BCryptPasswordEncoder ENCODER = new BCryptPasswordEncoder(12);

    private Passwords() {}

    public static String hash(CharSequence password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("the password is empty");
        }
        return ENCODER.encode(password);
    }

    /** Whether {@code password} is the one hashed; false for one over BCrypt's 72 bytes (no hash is of one). */
    public static boolean matches(CharSequence password, String hash) {
        try {
            return password != null && ENCODER.matches(password, hash);
        } catch (IllegalArgumentException tooLong) {
            return false;
        }
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
