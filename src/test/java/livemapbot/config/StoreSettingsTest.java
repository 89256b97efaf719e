package livemapbot.config;

import livemapbot.config.SettingsLoader.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code store.url}, {@code store.user}, {@code store.password}: defaults, validation and masking. */
class StoreSettingsTest {
    private static final String PASSWORD = "pgPasswordLEAKCANARY-91";
    private static final String URL_PASSWORD = "urlPasswordLEAKCANARY-37";

    @TempDir
    Path dir;

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of(
                "DISCORD_TOKEN", "discord-token-for-tests",
                "DISCORD_GUILD_ID", "123456789012345678",
                "SONORAN_SANDBOX", "true"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private Settings load(Map<String, String> env) throws ConfigException {
        return SettingsLoader.load(dir.resolve("none.properties"), false, env, Mode.RUN);
    }

    @Test
    void theDefaultIsTheSqliteFileNextToTheAuditFile() throws Exception {
        StoreSettings store = load(env()).store();

        assertEquals("jdbc:sqlite:data/livemap-bot.db", store.url());
        assertTrue(store.isSqlite());
        assertEquals("", store.user());
        assertTrue(store.password().isBlank());
    }

    @Test
    void postgresqlFromTheEnvironment() throws Exception {
        StoreSettings store = load(env("STORE_URL", "jdbc:postgresql://127.0.0.1:5432/livemap",
                "STORE_USER", "livemap", "STORE_PASSWORD", PASSWORD)).store();

        assertTrue(store.isPostgresql());
        assertEquals("livemap", store.user());
        assertEquals(PASSWORD, store.password().reveal());
        assertFalse(store.toString().contains(PASSWORD), store.toString());
        assertFalse(load(env("STORE_PASSWORD", PASSWORD)).toString().contains(PASSWORD));
    }

    @Test
    void aPasswordInTheUrlQueryIsMaskedInTheUrlAndEverywhereElse() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1/livemap?user=bot&password=" + URL_PASSWORD + "&ssl=false";
        Settings settings = load(env("STORE_URL", url));

        assertEquals("jdbc:postgresql://127.0.0.1/livemap?user=bot&password=****&ssl=false",
                settings.store().maskedUrl());
        assertFalse(settings.toString().contains(URL_PASSWORD), settings.toString());
        // Registered like the token: any text that quotes the raw URL is masked too.
        assertFalse(SecretMasker.mask("failed: " + url).contains(URL_PASSWORD));
        assertEquals("jdbc:postgresql://bot:****@db/livemap",
                StoreSettings.maskUrl("jdbc:postgresql://bot:" + URL_PASSWORD + "@db/livemap"));
        // A URL quoted inside a sentence: only the password goes, the rest of the sentence stays.
        assertEquals("cannot reach jdbc:postgresql://db/livemap?password=**** as user bot: refused",
                StoreSettings.maskUrl("cannot reach jdbc:postgresql://db/livemap?password=" + URL_PASSWORD
                        + " as user bot: refused"));
    }

    @Test
    void aUrlThatIsNeitherSqliteNorPostgresqlIsOneProblemWithoutItsPassword() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(env("STORE_URL", "postgres://db/livemap?password=" + URL_PASSWORD)));

        List<String> problems = e.problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("store.url (STORE_URL): must be jdbc:sqlite:FILE or jdbc:postgresql://"),
                problems.get(0));
        assertFalse(e.getMessage().contains(URL_PASSWORD), e.getMessage());
    }

    @Test
    void anSqliteUrlWithoutAFileIsAProblem() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(env("STORE_URL", "jdbc:sqlite:")));

        assertTrue(e.problems().get(0).contains("names no database file"), e.problems().toString());
    }
}
