package livemapbot;

import livemapbot.testing.NoConfig;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import livemapbot.config.Settings;
import livemapbot.config.SettingsLoader;
import livemapbot.discord.StartupException;
import livemapbot.e2e.fake.FakeDiscord;
import livemapbot.e2e.fake.FakeJda;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Start-up refuses a wrong token or guild from the REST pre-flight, before JDA opens the gateway:
 * no IDENTIFY is spent, and {@code run} ends with one "Cannot start" line and exit 4.
 */
class StartupPreflightTest {
    private static final String WRONG_TOKEN = "not-the-bot-token-3c9d0e";

    private final FakeDiscord discord = FakeDiscord.start();
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        discord.close();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("DISCORD_TOKEN", FakeJda.TOKEN);
        env.put("DISCORD_GUILD_ID", Long.toString(discord.guild().id()));
        env.put("DISCORD_REST_URL", discord.restUrl());
        env.put("DISCORD_GATEWAY_URL", discord.gatewayUrl());
        env.put("SONORAN_SANDBOX", "true");
        env.put("AUDIT_PATH", dir.resolve("audit.jsonl").toString());
        env.put("STORE_URL", "jdbc:sqlite:" + dir.resolve("store.db"));
        return env;
    }

    private StartupException startFails(Map<String, String> env) throws Exception {
        Settings settings = SettingsLoader.load(Optional.of(NoConfig.file()), env, SettingsLoader.Mode.RUN);
        return assertThrows(StartupException.class, () -> BotApplication.start(settings).close());
    }

    @Test
    void aWrongTokenStopsStartUpWithoutAGatewayLogin() throws Exception {
        discord.acceptOnlyToken(FakeJda.TOKEN);
        Map<String, String> env = env();
        env.put("DISCORD_TOKEN", WRONG_TOKEN);

        StartupException e = startFails(env);

        assertEquals("Discord refused the bot token: copy it again from the Developer Portal (Bot › Reset Token) "
                + "into discord.token (DISCORD_TOKEN).", e.getMessage());
        assertEquals(0, discord.identifyCount());
        assertTrue(discord.gatewayClosedNanos().isEmpty(), "no gateway connection at all");
    }

    @Test
    void aGuildTheBotIsNotInStopsStartUpWithoutAGatewayLogin() throws Exception {
        Map<String, String> env = env();
        env.put("DISCORD_GUILD_ID", "1300000000000000777");

        StartupException e = startFails(env);

        assertTrue(e.getMessage().startsWith("The bot is not a member of guild 1300000000000000777 (discord.guildId)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("client_id=" + discord.applicationId()), e.getMessage());
        assertEquals(0, discord.identifyCount());
    }

    @Test
    void runPrintsCannotStartAndExitsFourWithoutAStackTrace() {
        discord.acceptOnlyToken(FakeJda.TOKEN);
        Map<String, String> env = env();
        env.put("DISCORD_TOKEN", WRONG_TOKEN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(new String[]{"run", "--config", NoConfig.path()}, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(Main.CANNOT_START, code, text);
        assertEquals("Cannot start: Discord refused the bot token: copy it again from the Developer Portal "
                + "(Bot › Reset Token) into discord.token (DISCORD_TOKEN).", text.strip());
        assertFalse(text.contains(WRONG_TOKEN));
        assertEquals(0, discord.identifyCount());
    }

    @Test
    void roleAndChannelProblemsAreWarningsAndTheBotStartsAnyway() throws Exception {
        Map<String, String> env = env();
        env.put("ACCESS_EDIT_ROLE_IDS", "1300000000000000888");
        env.put("DISCORD_ANNOUNCE_CHANNEL_ID", "1300000000000000999");
        Logger logger = (Logger) LoggerFactory.getLogger(BotApplication.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            Settings settings = SettingsLoader.load(Optional.of(NoConfig.file()), env, SettingsLoader.Mode.RUN);
            BotApplication app = BotApplication.start(settings);
            var jda = app.discord().jda();
            try {
                assertEquals(1, discord.identifyCount());
            } finally {
                app.close();
                FakeJda.shutdownCleanly(jda, java.time.Duration.ofSeconds(10));
            }
        } finally {
            logger.detachAppender(appender);
        }
        var warnings = appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("access.editRoleIds: there is no role 1300000000000000888"), warnings.get(0));
        assertTrue(warnings.get(1).contains("discord.announceChannelId: there is no channel 1300000000000000999"),
                warnings.get(1));
    }
}
