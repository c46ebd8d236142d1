package io.maskwatch.app.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.maskwatch.app.ServerCommandRun;
import io.maskwatch.core.passwords.Passwords;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code maskwatch users hash-password} with the password piped in, as a script gives it. */
class HashPasswordCommandTest {

    /** Runs the command with {@code stdin} as its standard input (no console: the test's is a pipe). */
    private static ServerCommandRun withStdin(String stdin) {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return ServerCommandRun.of("users", "hash-password");
        } finally {
            System.setIn(before);
        }
    }

    @Test
    void theHashOfAPipedPasswordVerifiesAndSaysWhereItGoes() {
        ServerCommandRun run = withStdin("correct horse battery staple\nthe second line is not read\n");

        assertThat(run.exit()).as(run.err()).isZero();
        String hash = run.out().strip();
        assertThat(hash).startsWith("$2a$12$").doesNotContain("\n");
        assertThat(Passwords.matches("correct horse battery staple", hash)).isTrue();
        assertThat(Passwords.matches("correct horse battery staple ", hash)).isFalse();
        assertThat(run.err()).contains("dashboard.users[].password_hash");
    }

    @Test
    void anEmptyPasswordIsRefused() {
        for (String stdin : new String[] {"\n", ""}) {
            ServerCommandRun run = withStdin(stdin);

            assertThat(run.exit())
                    .as("stdin %s", stdin.isEmpty() ? "empty" : "an empty line")
                    .isEqualTo(2);
            assertThat(run.err()).startsWith("error: the password is empty").doesNotContain("\tat ");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void aPasswordLongerThanBcryptReadsIsRefusedRatherThanCut() {
        ServerCommandRun run = withStdin("x".repeat(73) + "\n");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: the password is 73 bytes long and BCrypt reads only 72");
    }

    @Test
    void usersAloneListsItsSubcommand() {
        ServerCommandRun run = ServerCommandRun.of("users");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("hash-password").contains("dashboard.users");
    }
}
