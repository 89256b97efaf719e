package livemapbot.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import livemapbot.config.ConfigKey;
import livemapbot.config.SecretMasker;
import livemapbot.config.Settings;
import net.dv8tion.jda.api.Permission;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Checks the Discord side with four plain REST calls, before JDA opens the gateway: the token
 * ({@code users/@me}), membership of the guild ({@code guilds/{id}}), the guild's channels and the
 * bot's own roles. A wrong token or guild is found without spending a gateway IDENTIFY (Discord
 * resets a token after 1000 logins a day, which a restart loop would burn through).
 *
 * <p>Used by {@code check} (every problem is printed) and by start-up ({@link #login()} failures
 * stop the bot; {@link #setupProblems} are only logged). Every problem says how to fix it. The
 * token goes into the Authorization header and nowhere else.
 */
public final class DiscordPreflight {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** View Channel + Send Messages + Embed Links, for the invite URL. */
    static final long INVITE_PERMISSIONS = Permission.getRaw(ChannelPermissions.TO_POST_EMBEDS.keySet());

    static final String BAD_TOKEN = "Discord refused the bot token: copy it again from the Developer Portal "
            + "(Bot › Reset Token) into discord.token (DISCORD_TOKEN).";
    /** Channel types JDA treats as guild message channels: text, voice, announcement, stage. */
    private static final Map<Integer, String> MESSAGE_CHANNEL_TYPES = Map.of(
            0, "text channel", 2, "voice channel", 5, "announcement channel", 13, "stage channel");
    private static final Map<Integer, String> OTHER_CHANNEL_TYPES = Map.of(
            4, "category", 15, "forum", 16, "media channel", 14, "directory channel");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final OkHttpClient http;
    private final HttpUrl base;
    private final String userAgent;

    /** What {@link #login()} learned: who the bot is and the guild as Discord describes it. */
    public record Login(long botUserId, String botName, long guildId, String guildName, JsonNode guild) {
        public String describe() {
            return "logged in as " + botName + " (" + botUserId + "), guild " + guildName + " (" + guildId + ")";
        }
    }

    /** Everything {@code check} reports: the login, when it worked, and every problem found. */
    public record Report(Optional<Login> login, List<String> problems) {
        public Report {
            problems = List.copyOf(problems);
        }
    }

    /** The token or the guild is wrong, or Discord cannot be reached; the message says what to do. */
    public static final class Failure extends Exception {
        Failure(String message) {
            super(SecretMasker.mask(message));
        }
    }

    public DiscordPreflight(Settings settings, OkHttpClient http, String version) {
        this.settings = settings;
        this.http = http.newBuilder().callTimeout(TIMEOUT).connectTimeout(Duration.ofSeconds(5)).build();
        this.base = HttpUrl.get(settings.discordRestUrl());
        this.userAgent = "DiscordBot (livemap-bot, " + version + ")";
    }

    /** Both parts, for {@code check}. */
    public Report check() {
        Login login;
        try {
            login = login();
        } catch (Failure e) {
            return new Report(Optional.empty(), List.of(e.getMessage()));
        }
        return new Report(Optional.of(login), setupProblems(login));
    }

    /** The bot user the token belongs to. */
    public record Bot(long id, String name) {
    }

    /**
     * The token is accepted and belongs to a bot user (multi-community mode, which has no guild
     * of its own, stops here; each guild is checked when it is set up).
     */
    public Bot bot() throws Failure {
        Answer me = get("users/@me");
        if (!me.ok()) {
            throw new Failure(me.status() == 401 ? BAD_TOKEN : unexpected("users/@me", me));
        }
        long botUserId = snowflake(me.body().path("id"));
        if (botUserId <= 0 || !me.body().path("bot").asBoolean(false)) {
            throw new Failure(notDiscord("users/@me", "a bot user with a snowflake id and \"bot\": true"));
        }
        return new Bot(botUserId, me.body().path("username").asText("the bot"));
    }

    /** The token is accepted and the bot is a member of the configured guild. */
    public Login login() throws Failure {
        Bot bot = bot();
        long botUserId = bot.id();
        String botName = bot.name();
        long guildId = settings.guildId();
        Answer guild = get("guilds/" + guildId);
        if (guild.status() == 403 || guild.status() == 404) {
            throw new Failure(notInGuild(guildId));
        }
        if (!guild.ok()) {
            throw new Failure(unexpected("guilds/" + guildId, guild));
        }
        if (snowflake(guild.body().path("id")) != guildId) {
            throw new Failure(notDiscord("guilds/" + guildId, "guild " + guildId));
        }
        return new Login(botUserId, botName, guildId, guild.body().path("name").asText(Long.toString(guildId)),
                guild.body());
    }

    /**
     * Roles named in {@code access.*RoleIds} exist, and the announcement and audit channels exist,
     * can hold messages, and let the bot post embeds. A failed lookup is a problem too.
     */
    public List<String> setupProblems(Login login) {
        List<String> problems = new ArrayList<>();
        Map<Long, Long> rolePermissions = new HashMap<>();
        for (JsonNode role : login.guild().path("roles")) {
            rolePermissions.put(role.path("id").asLong(), role.path("permissions").asLong());
        }
        checkRoles("access.viewRoleIds", settings.viewRoleIds(), rolePermissions, login, problems);
        checkRoles("access.editRoleIds", settings.editRoleIds(), rolePermissions, login, problems);
        checkRoles("access.deployRoleIds", settings.deployRoleIds(), rolePermissions, login, problems);

        Map<String, OptionalLong> channels = new LinkedHashMap<>();
        channels.put("discord.announceChannelId", settings.announceChannelId());
        channels.put("discord.auditChannelId", settings.auditChannelId());
        if (channels.values().stream().noneMatch(OptionalLong::isPresent)) {
            return problems;
        }
        try {
            Map<Long, JsonNode> byId = new HashMap<>();
            for (JsonNode channel : require("guilds/" + login.guildId() + "/channels")) {
                byId.put(channel.path("id").asLong(), channel);
            }
            JsonNode member = require("guilds/" + login.guildId() + "/members/" + login.botUserId());
            Set<Long> botRoles = new HashSet<>();
            member.path("roles").forEach(r -> botRoles.add(r.asLong()));
            List<Long> botRolePermissions = botRoles.stream().map(rolePermissions::get)
                    .filter(java.util.Objects::nonNull).toList();
            boolean owner = login.guild().path("owner_id").asLong() == login.botUserId();
            long base = ChannelPermissions.base(rolePermissions.getOrDefault(login.guildId(), 0L),
                    botRolePermissions, owner);
            channels.forEach((key, id) -> id.ifPresent(channelId -> checkChannel(key, channelId, byId.get(channelId),
                    base, botRoles, login, problems)));
        } catch (Failure e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    private static void checkRoles(String key, Set<Long> configured, Map<Long, Long> existing, Login login,
                                   List<String> problems) {
        configured.stream().sorted().filter(id -> !existing.containsKey(id)).forEach(id -> problems.add(key
                + ": there is no role " + id + " in " + login.guildName() + ". Copy the id again (Server Settings › "
                + "Roles › ⋯ › Copy Role ID, with Developer Mode on) or remove it."));
    }

    private void checkChannel(String key, long channelId, JsonNode channel, long base, Set<Long> botRoles,
                              Login login, List<String> problems) {
        String emptyMeans = key.equals("discord.announceChannelId")
                ? "announce in the channel /deploymap is used in" : "have no audit posts";
        if (channel == null) {
            problems.add(key + ": there is no channel " + channelId + " in " + login.guildName()
                    + ". Copy the id again (right-click the channel › Copy Channel ID), or leave it empty to "
                    + emptyMeans + ".");
            return;
        }
        String name = "#" + channel.path("name").asText() + " (" + channelId + ")";
        int type = channel.path("type").asInt(-1);
        if (!MESSAGE_CHANNEL_TYPES.containsKey(type)) {
            String kind = OTHER_CHANNEL_TYPES.getOrDefault(type, "channel of type " + type);
            problems.add(key + ": " + name + " is a " + kind + ", where the bot cannot post. Pick a text channel.");
            return;
        }
        List<ChannelPermissions.Overwrite> overwrites = new ArrayList<>();
        for (JsonNode o : channel.path("permission_overwrites")) {
            overwrites.add(new ChannelPermissions.Overwrite(o.path("id").asLong(), o.path("type").asInt() == 1,
                    o.path("allow").asLong(), o.path("deny").asLong()));
        }
        long permissions = ChannelPermissions.inChannel(base, login.guildId(), login.botUserId(), botRoles, overwrites);
        List<String> missing = ChannelPermissions.missing(permissions, ChannelPermissions.TO_POST_EMBEDS);
        if (!missing.isEmpty()) {
            problems.add("The bot may not post in " + name + ": give it " + joined(missing) + " there.");
        }
    }

    private String notInGuild(long guildId) {
        String invite;
        try {
            Answer app = get("applications/@me");
            invite = app.ok()
                    ? "https://discord.com/oauth2/authorize?client_id=" + app.body().path("id").asText()
                            + "&scope=bot+applications.commands&permissions=" + INVITE_PERMISSIONS
                    : "the Developer Portal (OAuth2 › URL Generator)";
        } catch (Failure e) {
            invite = "the Developer Portal (OAuth2 › URL Generator)";
        }
        return "The bot is not a member of guild " + guildId + " (discord.guildId). Invite it with " + invite
                + " (scopes bot and applications.commands), or fix the id.";
    }

    /** Discord sends ids as strings of digits; anything else (a number, text, nothing) is 0. */
    private static long snowflake(JsonNode id) {
        String text = id.isTextual() ? id.asText() : "";
        if (text.isEmpty() || text.length() > 20 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A 2xx answer that is not Discord's: discord.restUrl points at some other HTTP server. */
    private String notDiscord(String path, String expected) {
        ConfigKey key = ConfigKey.DISCORD_REST_URL;
        return key.key() + " (" + key.envName() + ") " + base + " does not look like Discord's API: GET " + path
                + " answered without " + expected + ". Unless you are testing, remove " + key.key() + " and "
                + key.envName() + " so the bot uses Discord itself (" + key.defaultValue() + ").";
    }

    private static String joined(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    // ------------------------------------------------------------------ HTTP

    private record Answer(int status, JsonNode body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    /** GET that must succeed; any other answer is a problem naming the call. */
    private JsonNode require(String path) throws Failure {
        Answer answer = get(path);
        if (!answer.ok()) {
            throw new Failure(answer.status() == 401 ? BAD_TOKEN : unexpected(path, answer));
        }
        return answer.body();
    }

    private Answer get(String path) throws Failure {
        HttpUrl url = base.resolve(path);
        if (url == null) {
            throw new Failure("discord.restUrl " + base + " cannot be used for " + path + ".");
        }
        Request request = new Request.Builder().url(url)
                .header("Authorization", "Bot " + settings.discordToken().reveal())
                .header("User-Agent", userAgent)
                .get().build();
        try (Response response = http.newCall(request).execute()) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            JsonNode json;
            try {
                json = text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
            } catch (IOException e) {
                json = JSON.nullNode();
            }
            if (response.code() == 429) {
                throw new Failure("Discord is rate-limiting the bot (HTTP 429 on GET " + path + "); wait "
                        + json.path("retry_after").asText("a minute") + " s and try again.");
            }
            return new Answer(response.code(), json);
        } catch (IOException e) {
            throw new Failure("Cannot reach Discord at " + base + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + "). Check the network connection and discord.restUrl.");
        }
    }

    private static String unexpected(String path, Answer answer) {
        String message = answer.body().path("message").asText("");
        String reason = answer.status() >= 500
                ? "; Discord may be having trouble (https://discordstatus.com), try again later"
                : "";
        return "Discord answered HTTP " + answer.status() + " to GET " + path
                + (message.isEmpty() ? "" : " (" + message + ")") + reason + ".";
    }
}
