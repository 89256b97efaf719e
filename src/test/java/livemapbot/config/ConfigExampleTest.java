package livemapbot.config;

import livemapbot.config.SettingsLoader.Mode;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code config.example.properties} and the README table stay in step with {@link ConfigKey}. */
class ConfigExampleTest {
    private static final Path EXAMPLE = Path.of("config.example.properties");

    @Test
    void theExampleSetsAndDocumentsEveryKey() throws Exception {
        String text = Files.readString(EXAMPLE, StandardCharsets.UTF_8);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(EXAMPLE, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }

        for (ConfigKey key : ConfigKey.values()) {
            assertTrue(properties.containsKey(key.key()), "no assignment for " + key.key());
            assertTrue(text.contains("Environment: " + key.envName()), "env variable not named for " + key.key());
            if (!key.defaultValue().isEmpty()) {
                assertTrue(text.contains("Default: " + key.defaultValue()), "default not named for " + key.key());
                assertEquals(key.defaultValue(), properties.getProperty(key.key()).trim(),
                        "the example should show the default of " + key.key());
            }
        }
        assertEquals(ConfigKey.values().length, properties.size(), "the example sets a key the loader does not know");
    }

    @Test
    void theExampleAsCopiedFailsOnlyOnItsPlaceholders() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> SettingsLoader.load(EXAMPLE, true, Map.of(), Mode.RUN));

        List<String> keys = e.problems().stream().map(p -> p.substring(0, p.indexOf(' '))).toList();
        assertEquals(List.of("discord.token", "discord.guildId", "sonoran.communityId", "sonoran.apiKey"), keys);
        for (String problem : e.problems()) {
            assertTrue(problem.contains("still the placeholder"), problem);
        }
    }

    @Test
    void inSandboxModeTheExampleNeedsOnlyTheDiscordSettings() throws Exception {
        Map<String, String> env = Map.of(
                "DISCORD_TOKEN", "example.token.value",
                "DISCORD_GUILD_ID", "123456789012345678",
                "SONORAN_SANDBOX", "true");

        Settings settings = SettingsLoader.load(EXAMPLE, true, env, Mode.RUN);

        assertTrue(settings.sandbox());
        assertEquals("", settings.communityId());
        assertTrue(settings.apiKey().isBlank());
    }

    @Test
    void theExampleWithItsPlaceholdersReplacedLoadsTheDefaults() throws Exception {
        Map<String, String> env = Map.of(
                "DISCORD_TOKEN", "example.token.value",
                "DISCORD_GUILD_ID", "123456789012345678",
                "SONORAN_COMMUNITY_ID", "community",
                "SONORAN_API_KEY", "example-api-key");

        Settings fromExample = SettingsLoader.load(EXAMPLE, true, env, Mode.RUN);
        Settings fromDefaults = SettingsLoader.load(Path.of("does-not-exist.properties"), false, env, Mode.RUN);

        assertEquals(fromDefaults, fromExample);
    }

    @Test
    void theMarkdownTableListsEveryKey() {
        String table = ConfigKey.markdownTable();

        for (ConfigKey key : ConfigKey.values()) {
            assertTrue(table.contains("| `" + key.key() + "` | `" + key.envName() + "` |"), key.key());
        }
        assertEquals(ConfigKey.values().length + 2, table.lines().count());
        assertFalse(table.contains("||"), table);
    }
}
