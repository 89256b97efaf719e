package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.config.Settings;
import livemapbot.config.SettingsLoader;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.FakeDiscord;
import livemapbot.e2e.fake.FakeGuild;
import livemapbot.e2e.fake.FakeJda;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.ModalValue;
import livemapbot.e2e.fake.Option;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static livemapbot.e2e.ScenarioSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the multi-community end-to-end tests (and the benchmark's hosted part) do as a guild's admin and members. */
public final class HostedSupport {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final long ADMIN = 1_300_000_000_000_000_001L;
    static final long EDITOR = 1_300_000_000_000_000_002L;
    static final long STRANGER = 1_300_000_000_000_000_003L;

    private HostedSupport() {
    }

    /** Each guild: an admin (Manage Server by role), an editor role ({@code id + 11}) and member, a stranger. */
    static FakeGuild members(FakeGuild guild) {
        long admins = guild.id() + 10;
        long editors = guild.id() + 11;
        return guild.role(admins, "Admins", FakeGuild.MANAGE_SERVER)
                .role(editors, "Map Editors", 0)
                .member(ADMIN, "admin", admins)
                .member(EDITOR, "editor", editors)
                .member(STRANGER, "stranger");
    }

    /** Multi-mode settings written to {@code dir}/config.properties and loaded as the bot would. */
    public static Settings settings(Path dir, FakeDiscord discord, String sonoranUrl, String encryptionKey,
                             Map<String, String> more) throws Exception {
        Properties p = new Properties();
        p.setProperty("hosting.mode", "multi");
        p.setProperty("store.encryptionKey", encryptionKey);
        p.setProperty("discord.token", FakeJda.TOKEN);
        p.setProperty("discord.restUrl", discord.restUrl());
        p.setProperty("discord.gatewayUrl", discord.gatewayUrl());
        p.setProperty("sonoran.apiUrl", sonoranUrl);
        p.setProperty("audit.path", dir.resolve("data").resolve("audit.jsonl").toString());
        p.setProperty("store.url", "jdbc:sqlite:" + dir.resolve("data").resolve("livemap-bot.db"));
        p.setProperty("drift.intervalSeconds", "0");
        more.forEach(p::setProperty);
        Path file = dir.resolve("config.properties");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "multi e2e");
        }
        return SettingsLoader.load(Optional.of(file), Map.of(), SettingsLoader.Mode.RUN);
    }

    /** /livemap setup in {@code guild}: the modal's id, from the bot's first answer. */
    static String openSetup(FakeDiscord discord, long guild) {
        Interaction open = discord.slashCommandInGuild(guild, ADMIN, "livemap", Option.subcommand("setup"));
        Callback modal = discord.awaitCallback(open, WAIT);
        assertEquals(Callback.MODAL, modal.type(), "the form is the first answer: " + modal.data());
        return modal.data().path("custom_id").asText();
    }

    static JsonNode submitSetup(FakeDiscord discord, long guild, String community, String key) {
        Interaction submit = discord.modalSubmitIn(discord.requireGuild(guild).defaultChannelId(), ADMIN,
                openSetup(discord, guild), null, ModalValue.text("community", community), ModalValue.text("key", key),
                ModalValue.select("version", "v1"));
        return discord.awaitOriginal(submit, m -> !text(m).isBlank(), WAIT);
    }

    /** Set up, and the guild's editor role may edit. */
    static void setUp(FakeDiscord discord, long guild, String community, String key) {
        String answer = text(submitSetup(discord, guild, community, key));
        assertTrue(answer.contains("Connected to Sonoran CAD"), answer);
        Interaction open = discord.slashCommandInGuild(guild, ADMIN, "livemap", Option.subcommand("roles"));
        String modalId = discord.awaitCallback(open, WAIT).data().path("custom_id").asText();
        Interaction roles = discord.modalSubmitIn(discord.requireGuild(guild).defaultChannelId(), ADMIN, modalId, null,
                ModalValue.roles("view"), ModalValue.roles("edit", guild + 11), ModalValue.roles("deploy"));
        assertTrue(text(discord.awaitOriginal(roles, m -> !text(m).isBlank(), WAIT)).contains("Roles saved"));
    }

    /** The custom id of the button of {@code message} whose label starts with or contains {@code label}, or null. */
    static String buttonId(JsonNode message, String label) {
        for (JsonNode row : message.path("components")) {
            for (JsonNode button : row.path("components")) {
                if (button.path("label").asText().contains(label)) {
                    return button.path("custom_id").asText();
                }
            }
        }
        return null;
    }

    /** What a member sees of /servers in {@code guild}. */
    static JsonNode servers(FakeDiscord discord, long guild) {
        Interaction list = discord.slashCommandInGuild(guild, STRANGER, "servers");
        Callback answer = discord.awaitCallback(list, WAIT);
        if (answer.type() == Callback.REPLY) {
            return answer.data();
        }
        return discord.awaitOriginal(list, m -> !text(m).isBlank(), WAIT);
    }
}
