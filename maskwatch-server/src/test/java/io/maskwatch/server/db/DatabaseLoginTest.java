package io.maskwatch.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maskwatch.core.InputException;
import io.maskwatch.server.config.PostgresSettings;
import io.maskwatch.server.testing.TestInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Opening the archive on a real PostgreSQL with password login: a refused login is a configuration
 * error that ends the start at once (it used to be waited out as an outage, forever), and the
 * {@code postgres://} URL form works.
 */
@Timeout(120)
class DatabaseLoginTest {
    private static final String USER = "archivist";
    private static final String RIGHT = "correct horse battery staple";
    private static String database;

    @BeforeAll
    static void aUserWithAPassword() throws Exception {
        PostgresSettings fresh = TestInfra.newDatabase();
        database = fresh.url().substring(fresh.url().lastIndexOf('/') + 1);
        try (Connection c = DriverManager.getConnection(TestInfra.postgres().jdbcUrl(), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + RIGHT + "'");
            s.execute("ALTER DATABASE " + database + " OWNER TO " + USER);
        }
    }

    private static PostgresSettings settings(String url, String user) {
        return new PostgresSettings(url, user, null, 2);
    }

    private static String jdbcUrl(String db) {
        return "jdbc:postgresql://localhost:" + TestInfra.postgres().port() + "/" + db;
    }

    @Test
    void theRightPasswordOpensTheArchive() {
        try (Database db = Database.open(
                settings(jdbcUrl(database), USER), Map.of("MASKWATCH_PG_PASSWORD", RIGHT)::get, () -> true)) {
            assertThat(db.dataSource()).isNotNull();
        }
    }

    @Test
    void aWrongPasswordIsAConfigurationErrorNotAnOutage() {
        assertThatThrownBy(() -> Database.open(
                        settings(jdbcUrl(database), USER), Map.of("MASKWATCH_PG_PASSWORD", "wrong")::get, () -> true))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("refused the login")
                .hasMessageContaining("password authentication failed for user \"" + USER + "\"")
                .hasMessageContaining("MASKWATCH_PG_PASSWORD");
    }

    @Test
    void aDatabaseThatDoesNotExistIsAConfigurationErrorToo() {
        assertThatThrownBy(() -> Database.open(
                        settings(jdbcUrl("no_such_archive"), USER),
                        Map.of("MASKWATCH_PG_PASSWORD", RIGHT)::get,
                        () -> true))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("refused the login")
                .hasMessageContaining("no_such_archive");
    }

    @Test
    void theLibpqUrlFormIsAcceptedWithItsUser() {
        String url = "postgres://" + USER + "@localhost:" + TestInfra.postgres().port() + "/" + database;
        try (Database db =
                Database.open(settings(url, null), Map.of("MASKWATCH_PG_PASSWORD", RIGHT)::get, () -> true)) {
            assertThat(db.dataSource()).isNotNull();
        }
    }

    @Test
    void aUrlThatIsNotPostgresNamesTheExpectedForm() {
        assertThatThrownBy(() -> settings("mysql://localhost/maskwatch", USER).requireUrl())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("jdbc:postgresql://HOST:PORT/DATABASE");
        assertThatThrownBy(() -> settings("postgres://u:secret@localhost/maskwatch", null)
                        .requireUrl())
                .isInstanceOf(InputException.class)
                .hasMessageContaining("holds a password")
                .hasMessageNotContaining("secret");
        assertThat(settings("postgresql://db.internal:6543/archive?sslmode=require", null)
                        .requireUrl())
                .isEqualTo("jdbc:postgresql://db.internal:6543/archive?sslmode=require");
    }
}
