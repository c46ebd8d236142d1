package io.maskwatch.app.delivery;

import io.maskwatch.core.passwords.Passwords;
import io.maskwatch.server.config.DashboardUser;
import java.security.SecureRandom;

/**
 * dev-stack's dashboard login: an admin whose password is made up at each start and only ever
 * held in memory (its hash in the dashboard's settings, the password itself in the banner), so
 * that no known password exists in the code, the configuration or the stack's folder.
 */
record DemoLogin(String name, String password) {
    static final String NAME = "demo";
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    /** 16 of 62 characters: 95 bits, beyond guessing even on a port others can reach. */
    private static final int LENGTH = 16;

    static DemoLogin madeUp() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return new DemoLogin(NAME, password.toString());
    }

    DashboardUser user() {
        return new DashboardUser(name, DashboardUser.Role.ADMIN, Passwords.hash(password));
    }

    /** Never prints the password: a record's own toString would, into any log that shows this. */
    @Override
    public String toString() {
        return "DemoLogin[" + name + "]";
    }
}
