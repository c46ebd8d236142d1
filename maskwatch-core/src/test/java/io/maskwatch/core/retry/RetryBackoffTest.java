package io.maskwatch.core.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
    @Test
    void backoffDoublesUpToTheCeilingAndResets() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(100), Duration.ofMillis(350));
        assertThat(backoff.nextDelay()).hasMillis(100);
        assertThat(backoff.nextDelay()).hasMillis(200);
        assertThat(backoff.nextDelay()).hasMillis(350);
        assertThat(backoff.nextDelay()).hasMillis(350);
        backoff.reset();
        assertThat(backoff.nextDelay()).hasMillis(100);
    }
}
