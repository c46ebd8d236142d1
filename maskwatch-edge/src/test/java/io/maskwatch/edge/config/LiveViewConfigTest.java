package io.maskwatch.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.core.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code live_view}: off by default, on this machine only, and never on without a user and a password hash. */
class LiveViewConfigTest {
    private static final String HASH = "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW";

    @Test
    void isOffByDefaultAndListensOnThisMachineOnly() {
        LiveViewConfig c = load(Map.of()).liveView();
        assertThat(c.enabled()).isFalse();
        assertThat(c.bind()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(8090);
        assertThat(c.maxFps()).isEqualTo(5);
    }

    @Test
    void readsItsKeysAndNeverPrintsTheHash() {
        LiveViewConfig c = load(Map.of(
                        "live_view.enabled", "true",
                        "live_view.bind", "0.0.0.0",
                        "live_view.port", "9000",
                        "live_view.user", "guard",
                        "live_view.password_hash", HASH,
                        "live_view.max_fps", "2.5"))
                .liveView();
        assertThat(c).isEqualTo(new LiveViewConfig(true, "0.0.0.0", 9000, "guard", HASH, 2.5));
        assertThat(c.toString()).doesNotContain(HASH);
    }

    @Test
    void enablingItWithoutUserOrHashNamesTheKeysAndTheFix() {
        assertThatThrownBy(() -> load(Map.of("live_view.enabled", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("live_view.enabled")
                .hasMessageContaining("live_view.user and live_view.password_hash (missing: user, password_hash)")
                .hasMessageContaining("maskwatch users hash-password")
                .hasMessageContaining("live_view.enabled to false");
        assertThatThrownBy(() -> load(Map.of("live_view.enabled", "true", "live_view.user", "guard")))
                .hasMessageContaining("(missing: password_hash)");
        assertThatThrownBy(() -> load(Map.of("live_view.enabled", "true", "live_view.password_hash", HASH)))
                .hasMessageContaining("(missing: user)");
    }

    @Test
    void refusesAPasswordWhereTheHashGoesAndUnknownKeys() {
        assertThatThrownBy(() -> load(Map.of("live_view.password_hash", "hunter2")))
                .hasMessageContaining("live_view.password_hash: expected a BCrypt hash")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> load(Map.of("live_view.password", "hunter2")))
                .hasMessageContaining("live_view.password: unknown key");
        assertThatThrownBy(() -> load(Map.of("live_view.user", "a:b"))).hasMessageContaining("live_view.user");
        assertThatThrownBy(() -> load(Map.of("live_view.max_fps", "0"))).hasMessageContaining("live_view.max_fps");
    }

    private static EdgeConfig load(Map<String, String> overrides) {
        return EdgeConfigLoader.load(null, overrides, variable -> null);
    }
}
