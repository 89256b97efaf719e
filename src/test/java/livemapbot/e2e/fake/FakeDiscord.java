package livemapbot.e2e.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mockwebserver3.MockWebServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A local Discord for end-to-end tests: REST under {@link #restUrl()} and a JSON gateway under {@link #gatewayUrl()},
 * both on 127.0.0.1 only, serving one guild ({@link #guild()}) by default, or several ({@link #addGuild},
 * {@link #addGuilds}) across gateway shards. A real JDA (or a ShardManager) connects to it (see {@link FakeJda}); tests
 * inject interactions ({@link #slashCommand}, {@link #autocomplete}, {@link #buttonClick}) and wait for the bot's
 * answers ({@link #awaitCallback}, {@link #awaitOriginal}, {@link #awaitChannelMessage}, …). Every wait is bounded and
 * fails with an {@link AssertionError} that lists the last REST calls.
 *
 * <p>Shards: a connection that IDENTIFYs with {@code shard: [id, total]} is that shard's session; its READY lists, and
 * GUILD_CREATE follows for, only the guilds Discord would put on it ({@code (guildId >> 22) % total}). An interaction
 * in a guild goes out on the session of the shard that owns the guild, and so do GUILD_CREATE / GUILD_DELETE when the
 * bot joins ({@link #join}) or leaves ({@link #leave}) a guild at runtime. Without a {@code shard} field a session is
 * shard 0 of 1, which owns every guild.
 *
 * <p>Thread-safety: all recorded state is guarded by one monitor; the REST and gateway threads of the server write
 * it, the test thread reads it.
 */
public final class FakeDiscord implements AutoCloseable {
    public static final long DEFAULT_BOT_USER_ID = 1_100_000_000_000_000_001L;
    public static final String DEFAULT_BOT_NAME = "LiveMapBot";
    public static final long DEFAULT_APPLICATION_ID = 1_100_000_000_000_000_002L;
    public static final long DEFAULT_GUILD_ID = 1_100_000_000_000_000_100L;
    public static final long DEFAULT_CHANNEL_ID = 1_100_000_000_000_000_200L;
    /** Owns the guild (so has every permission) but is not a member the tests act as. */
    public static final long DEFAULT_OWNER_ID = 1_100_000_000_000_000_099L;
    public static final long BOT_ROLE_ID = 1_100_000_000_000_000_101L;

    private static final Duration SESSION_WAIT = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final long botUserId;
    private final String botName;
    private final long applicationId;
    private final FakeGuild guild;
    private final int recommendedShards;
    private final int maxConcurrency;
    private final long defaultChannelId;
    private final Duration heartbeatInterval;
    private final MockWebServer server = new MockWebServer();
    private final AcceptedSockets acceptedSockets = new AcceptedSockets();

    // ---- everything below is guarded by `lock`; every change ends with lock.notifyAll() ----
    private final Object lock = new Object();
    private final List<RecordedCall> calls = new ArrayList<>();
    private final List<RecordedCall> unknownRoutes = new ArrayList<>();
    private final Map<Long, Interaction> interactions = new HashMap<>();
    private final Map<String, Interaction> interactionsByToken = new HashMap<>();
    private final Map<Long, Callback> callbacks = new HashMap<>();
    private final Map<Long, ObjectNode> messages = new HashMap<>();
    private final Set<Long> deletedMessages = new HashSet<>();
    private final Map<String, Long> originalByToken = new HashMap<>();
    private final Map<String, List<Long>> followUpsByToken = new HashMap<>();
    private final Map<Long, List<Long>> messagesByChannel = new HashMap<>();
    private final Set<Long> rejectedChannels = new HashSet<>();
    private final Map<String, GatewaySession.State> sessions = new HashMap<>();
    private final List<GatewaySession> openSockets = new ArrayList<>();
    /** The guilds the bot is in, in order of joining; the default guild first. */
    private final Map<Long, FakeGuild> guilds = new LinkedHashMap<>();
    private final Map<Long, ArrayNode> guildCommands = new HashMap<>();
    private ArrayNode globalCommands = Json.array();
    private int globalOverwrites;
    /** The live session of each shard (identified or resumed, socket still open), by shard id. */
    private final Map<Integer, GatewaySession> activeByShard = new HashMap<>();
    private final List<Shard> identifiedShards = new ArrayList<>();
    private final List<Long> gatewayClosedNanos = new ArrayList<>();
    private String requiredToken;
    private int identifies;
    private int resumes;
    private int heartbeats;
    private boolean ackHeartbeats = true;

    private FakeDiscord(Builder builder) {
        this.botUserId = builder.botUserId;
        this.botName = builder.botName;
        this.applicationId = builder.applicationId;
        this.defaultChannelId = builder.channelId;
        this.heartbeatInterval = builder.heartbeatInterval;
        this.guild = new FakeGuild(builder.guildId, builder.guildName, DEFAULT_OWNER_ID)
                .role(BOT_ROLE_ID, botName, FakeGuild.EVERYONE_DEFAULT)
                .textChannel(builder.channelId, builder.channelName)
                .botMember(botUserId, botName, BOT_ROLE_ID);
        this.recommendedShards = builder.recommendedShards;
        this.maxConcurrency = builder.maxConcurrency;
        guilds.put(guild.id(), guild);
    }

    /** A shard as a client identified it: {@code shard: [id, total]}. */
    public record Shard(int id, int total) {
        /** Discord's rule: the shard that holds a guild is {@code (guildId >> 22) % total}. */
        public static int of(long guildId, int total) {
            return (int) ((guildId >> 22) % total);
        }

        public boolean owns(long guildId) {
            return of(guildId, total) == id;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A fake with the default bot, application, guild and channel, already listening. */
    public static FakeDiscord start() {
        return builder().start();
    }

    private FakeDiscord listen() {
        server.setServerSocketFactory(acceptedSockets);
        server.setDispatcher(new RestApi(this));
        try {
            server.start(InetAddress.getByName("127.0.0.1"), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("fake Discord could not listen on 127.0.0.1", e);
        }
        return this;
    }

    // ------------------------------------------------------------------ configuration

    public String restUrl() {
        return "http://127.0.0.1:" + server.getPort() + "/api/v10/";
    }

    public String gatewayUrl() {
        return "ws://127.0.0.1:" + server.getPort() + "/gateway";
    }

    public long botUserId() {
        return botUserId;
    }

    public String botName() {
        return botName;
    }

    public long applicationId() {
        return applicationId;
    }

    public long defaultChannelId() {
        return defaultChannelId;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** The served guild; change it at any time (see {@link FakeGuild} for when JDA sees a change). */
    public FakeGuild guild() {
        return guild;
    }

    /** What {@code GET gateway/bot} recommends as {@code shards} (see {@link Builder#recommendedShards}). */
    public int recommendedShards() {
        return recommendedShards;
    }

    public int maxConcurrency() {
        return maxConcurrency;
    }

    /**
     * A guild id for the {@code index}-th extra guild (the default guild is index 0): consecutive indexes land on
     * consecutive shards, so {@code n} guilds spread evenly over any shard total.
     */
    public static long guildIdAt(int index) {
        return DEFAULT_GUILD_ID + ((long) index << 22);
    }

    /**
     * A guild with {@code @everyone}, the bot's role ({@code id + 2}), one text channel "general" ({@code id + 1}, its
     * {@link FakeGuild#defaultChannelId()}) and the bot as member, not yet joined: configure it, then {@link #join}.
     */
    public FakeGuild newGuild(long id, String name) {
        return new FakeGuild(id, name, DEFAULT_OWNER_ID)
                .role(id + 2, botName, FakeGuild.EVERYONE_DEFAULT)
                .textChannel(id + 1, "general")
                .botMember(botUserId, botName, id + 2);
    }

    /** {@link #newGuild} and {@link #join} in one: before the bot connects it is simply one of the bot's guilds. */
    public FakeGuild addGuild(long id, String name) {
        FakeGuild added = newGuild(id, name);
        join(added);
        return added;
    }

    /** {@code count} extra guilds with ids {@link #guildIdAt}(1 … count), each with one member {@code memberId}. */
    public List<FakeGuild> addGuilds(int count, long memberId) {
        List<FakeGuild> added = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            FakeGuild g = newGuild(guildIdAt(i), "Community " + i).member(memberId, "member");
            join(g);
            added.add(g);
        }
        return added;
    }

    /**
     * The bot is now in {@code guild}: a later READY lists it, and if the shard that owns it is connected, that
     * session gets its GUILD_CREATE now (JDA fires a GuildJoinEvent).
     */
    public void join(FakeGuild joined) {
        GatewaySession session;
        synchronized (lock) {
            if (guilds.putIfAbsent(joined.id(), joined) != null) {
                throw new IllegalArgumentException("the bot is already in guild " + joined.id());
            }
            session = sessionOwning(joined.id());
            lock.notifyAll();
        }
        if (session != null) {
            session.dispatch("GUILD_CREATE", joined.guildCreateJson());
        }
    }

    /**
     * The bot was removed from the guild (kicked, or the guild deleted): its shard's session gets GUILD_DELETE without
     * {@code unavailable} (JDA fires a GuildLeaveEvent), and the guild is no longer served.
     */
    public void leave(long guildId) {
        GatewaySession session;
        synchronized (lock) {
            if (guilds.remove(guildId) == null) {
                throw new IllegalArgumentException("the bot is not in guild " + guildId);
            }
            session = sessionOwning(guildId);
            lock.notifyAll();
        }
        if (session != null) {
            session.dispatch("GUILD_DELETE", Json.object().put("id", Long.toString(guildId)));
        }
    }

    /** Every guild the bot is in, the default one first. */
    public List<FakeGuild> guilds() {
        synchronized (lock) {
            return List.copyOf(guilds.values());
        }
    }

    public Optional<FakeGuild> findGuild(long guildId) {
        synchronized (lock) {
            return Optional.ofNullable(guilds.get(guildId));
        }
    }

    public FakeGuild requireGuild(long guildId) {
        return findGuild(guildId).orElseThrow(
                () -> new IllegalArgumentException("the bot is not in guild " + guildId));
    }

    /** The guild with this text channel (channel ids are unique across guilds, as on Discord). */
    public Optional<FakeGuild> guildOfChannel(long channelId) {
        for (FakeGuild candidate : guilds()) {
            if (candidate.findChannel(channelId).isPresent()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private FakeGuild requireGuildOfChannel(long channelId) {
        return guildOfChannel(channelId).orElseThrow(
                () -> new IllegalArgumentException("no text channel " + channelId + " in any fake guild"));
    }

    /** A user by id, from the member lists of the guilds. */
    Optional<FakeGuild.Member> findUser(long userId) {
        for (FakeGuild candidate : guilds()) {
            Optional<FakeGuild.Member> member = candidate.findMember(userId);
            if (member.isPresent()) {
                return member;
            }
        }
        return Optional.empty();
    }

    /** From now on {@code POST channels/{id}/messages} there answers 403 Missing Permissions, whatever the overwrites say. */
    public void rejectChannelPosts(long channelId) {
        synchronized (lock) {
            rejectedChannels.add(channelId);
        }
    }

    /**
     * From now on only {@code Authorization: Bot token} is accepted; any other token gets Discord's 401, as a
     * reset or mistyped token does. By default any token is accepted.
     */
    public void acceptOnlyToken(String token) {
        synchronized (lock) {
            requiredToken = token;
        }
    }

    /** Whether the fake answers heartbeats; off makes JDA see a zombie connection and reconnect after two beats. */
    public void ackHeartbeats(boolean ack) {
        synchronized (lock) {
            ackHeartbeats = ack;
        }
    }

    // ------------------------------------------------------------------ injecting interactions

    /** A slash command typed by {@code memberId} in the default channel. */
    public Interaction slashCommand(long memberId, String command, Option... options) {
        return slashCommandIn(defaultChannelId, memberId, command, options);
    }

    /** A slash command typed by {@code memberId} in the default channel of the guild {@code guildId}. */
    public Interaction slashCommandInGuild(long guildId, long memberId, String command, Option... options) {
        return slashCommandIn(requireGuild(guildId).defaultChannelId(), memberId, command, options);
    }

    public Interaction slashCommandIn(long channelId, long memberId, String command, Option... options) {
        ObjectNode data = commandData(requireGuildOfChannel(channelId).id(), command, options);
        return inject(Interaction.COMMAND, command, channelId, memberId, data, null);
    }

    /**
     * An autocomplete request: {@code focusedOption} holds what the member has typed so far. As on Discord, the
     * focused option carries the type it was registered with (e.g. 4 for an INTEGER option) and the typed text as a
     * string; JDA answers with choice values of that type, so a wrong type here would hide what Discord receives.
     */
    public Interaction autocomplete(long memberId, String command, String focusedOption, String typedValue,
                                    Option... otherOptions) {
        return autocompleteInGuild(guild.id(), memberId, command, focusedOption, typedValue, otherOptions);
    }

    /** {@link #autocomplete} typed in the default channel of the guild {@code guildId}. */
    public Interaction autocompleteInGuild(long guildId, long memberId, String command, String focusedOption,
                                           String typedValue, Option... otherOptions) {
        FakeGuild guild = requireGuild(guildId);
        Option[] all = new Option[otherOptions.length + 1];
        System.arraycopy(otherOptions, 0, all, 0, otherOptions.length);
        Option typed = Option.focused(focusedOption, typedValue);
        int registeredType = registeredOptionType(guild.id(), command, focusedOption).orElse(typed.type());
        all[otherOptions.length] = new Option(typed.name(), registeredType, typed.value(), true);
        ObjectNode data = commandData(guild.id(), command, all);
        return inject(Interaction.AUTOCOMPLETE, command, guild.defaultChannelId(), memberId, data, null);
    }

    /**
     * A click on the button {@code customId} of {@code message} (a message JSON as this fake stores it, e.g. from
     * {@link #latestOriginal}). The click's {@code @original} is that message, as on Discord.
     */
    public Interaction buttonClick(long memberId, JsonNode message, String customId) {
        ObjectNode messageCopy = message.deepCopy();
        if (!messageCopy.hasNonNull("type")) {
            messageCopy.put("type", 0); // without a type JDA treats the message as absent and getButton() is null
        }
        long channelId = messageCopy.path("channel_id").asLong(defaultChannelId);
        ObjectNode data = Json.object().put("custom_id", customId).put("component_type", 2);
        return inject(Interaction.COMPONENT, customId, channelId, memberId, data, messageCopy);
    }

    /** One-line click on a button of the current {@code @original} of an earlier interaction. */
    public Interaction clickButtonOnOriginal(long memberId, Interaction earlier, String customId) {
        return buttonClick(memberId, latestOriginal(earlier), customId);
    }

    /**
     * The member submits the modal {@code modalId} with {@code fields}. Pass the message the modal was opened from
     * (e.g. the card whose button opened it) as {@code message}, or {@code null} for a modal opened by a slash
     * command; as on Discord, a submit from a message carries that message and it is the submit's {@code @original}.
     */
    public Interaction modalSubmit(long memberId, String modalId, JsonNode message, ModalValue... fields) {
        return modalSubmitIn(defaultChannelId, memberId, modalId, message, fields);
    }

    /** {@link #modalSubmit} of a modal opened by a slash command in {@code channelId} (any guild's channel). */
    public Interaction modalSubmitIn(long channelId, long memberId, String modalId, JsonNode message,
                                     ModalValue... fields) {
        ObjectNode data = Json.object().put("custom_id", modalId);
        ArrayNode components = data.putArray("components");
        int labelId = 1;
        for (ModalValue field : fields) {
            components.add(field.toJson(labelId));
            labelId += 2;
        }
        ObjectNode messageCopy = null;
        if (message != null) {
            messageCopy = message.deepCopy();
            if (!messageCopy.hasNonNull("type")) {
                messageCopy.put("type", 0);
            }
            channelId = messageCopy.path("channel_id").asLong(defaultChannelId);
        }
        return inject(Interaction.MODAL_SUBMIT, modalId, channelId, memberId, data, messageCopy);
    }

    /** Sends any gateway dispatch (e.g. CHANNEL_UPDATE) on the live session of the default guild's shard. */
    public void dispatch(String eventType, JsonNode data) {
        awaitSession().dispatch(eventType, data);
    }

    /** Sends any gateway dispatch on the live session of the shard that owns {@code guildId}. */
    public void dispatchToGuild(long guildId, String eventType, JsonNode data) {
        awaitSessionFor(guildId).dispatch(eventType, data);
    }

    private ObjectNode commandData(long guildId, String command, Option... options) {
        ObjectNode data = Json.object().put("name", command).put("type", 1);
        Optional<JsonNode> registered = findRegisteredCommand(guildId, command);
        data.put("id", registered.map(c -> c.path("id").asText()).orElse(Long.toString(Snowflakes.now())));
        registered.filter(c -> c.hasNonNull("guild_id")).ifPresent(c -> data.put("guild_id", c.get("guild_id").asText()));
        ArrayNode optionArray = data.putArray("options");
        for (Option option : options) {
            optionArray.add(option.toJson());
        }
        return data;
    }

    private Interaction inject(int type, String name, long channelId, long memberId, ObjectNode data,
                               ObjectNode message) {
        FakeGuild guild = requireGuildOfChannel(channelId);
        GatewaySession session = awaitSessionFor(guild.id());
        long id = Snowflakes.now(); // must be "now": JDA computes the hook's 15-minute expiry from it
        String token = "fake-interaction-" + HexFormat.of().formatHex(randomBytes());
        FakeGuild.Member member = guild.requireMember(memberId);
        FakeGuild.TextChannel channel = guild.requireChannel(channelId);

        ObjectNode payload = Json.object()
                .put("id", Long.toString(id))
                .put("application_id", Long.toString(applicationId))
                .put("type", type)
                .put("token", token)
                .put("version", 1)
                .put("guild_id", Long.toString(guild.id()))
                .put("channel_id", Long.toString(channelId))
                .put("app_permissions", Long.toString(guild.permissionsIn(botUserId, channelId)))
                .put("locale", "en-US")
                .put("guild_locale", "en-US")
                .put("context", 0);
        payload.putObject("guild").put("id", Long.toString(guild.id())).put("locale", "en-US").putArray("features");
        payload.set("channel", guild.channelJson(channel));
        ObjectNode memberJson = guild.memberJson(member);
        memberJson.put("permissions", Long.toString(guild.permissionsIn(memberId, channelId)));
        payload.set("member", memberJson);
        payload.putObject("authorizing_integration_owners").put("0", Long.toString(guild.id()));
        payload.putArray("entitlements");
        payload.set("data", data);
        long messageId = 0;
        if (message != null) {
            payload.set("message", message);
            messageId = message.path("id").asLong();
        }

        long sentNanos = System.nanoTime();
        Interaction interaction = new Interaction(id, token, type, name, memberId, channelId, messageId, sentNanos,
                guild.id());
        synchronized (lock) {
            interactions.put(id, interaction);
            interactionsByToken.put(token, interaction);
            if (message != null) {
                originalByToken.put(token, messageId);
                messages.putIfAbsent(messageId, message.deepCopy());
            }
        }
        session.dispatch("INTERACTION_CREATE", payload);
        return interaction;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /**
     * Forgets what was recorded so far (requests, interactions, callbacks, messages), keeping the
     * guild, the registered commands, the gateway session and the open sockets. For long runs (the benchmark's soak),
     * where the fake's own record would otherwise grow with every interaction. Call it only when
     * nothing is in flight: an interaction forgotten here can no longer be awaited.
     */
    public void forgetHistory() {
        synchronized (lock) {
            calls.clear();
            interactions.clear();
            interactionsByToken.clear();
            callbacks.clear();
            messages.clear();
            deletedMessages.clear();
            originalByToken.clear();
            followUpsByToken.clear();
            messagesByChannel.clear();
            gatewayClosedNanos.clear();
            lock.notifyAll();
        }
        acceptedSockets.forgetClosed();
        try {
            // MockWebServer queues every request it served for takeRequest(); nobody takes them here.
            while (server.takeRequest(0, java.util.concurrent.TimeUnit.MILLISECONDS) != null) {
                // drained
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ waiting for and reading the bot's effects

    public Callback awaitCallback(Interaction interaction, Duration timeout) {
        return await("the callback of " + interaction, timeout, () -> callbacks.get(interaction.id()));
    }

    public Optional<Callback> callback(Interaction interaction) {
        synchronized (lock) {
            return Optional.ofNullable(callbacks.get(interaction.id()));
        }
    }

    /** Waits until the interaction's {@code @original} exists and matches (it changes with every PATCH). */
    public JsonNode awaitOriginal(Interaction interaction, Predicate<JsonNode> condition, Duration timeout) {
        return await("an @original of " + interaction + " that matches", timeout,
                () -> currentOriginal(interaction).filter(condition).orElse(null));
    }

    /** The current state of the interaction's {@code @original}; empty before a reply or after a delete. */
    public Optional<JsonNode> original(Interaction interaction) {
        synchronized (lock) {
            return currentOriginal(interaction);
        }
    }

    /** Like {@link #original} but fails when there is none: the message a follow-up button click targets. */
    public JsonNode latestOriginal(Interaction interaction) {
        return original(interaction).orElseThrow(
                () -> new AssertionError("no @original for " + interaction + "; calls: " + lastCalls()));
    }

    private Optional<JsonNode> currentOriginal(Interaction interaction) {
        Long messageId = originalByToken.get(interaction.token());
        if (messageId == null || deletedMessages.contains(messageId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(messages.get(messageId)).map(ObjectNode::deepCopy);
    }

    /** The first message the bot posted into the channel. */
    public JsonNode awaitChannelMessage(long channelId, Duration timeout) {
        return awaitChannelMessage(channelId, message -> true, timeout);
    }

    /** The first message in the channel (current state) that matches. */
    public JsonNode awaitChannelMessage(long channelId, Predicate<JsonNode> condition, Duration timeout) {
        return await("a message in channel " + channelId + " that matches", timeout,
                () -> channelMessagesLocked(channelId).stream().filter(condition).findFirst().orElse(null));
    }

    /** Messages the bot posted into the channel with {@code POST channels/{id}/messages}, oldest first. */
    public List<JsonNode> channelMessages(long channelId) {
        synchronized (lock) {
            return channelMessagesLocked(channelId);
        }
    }

    private List<JsonNode> channelMessagesLocked(long channelId) {
        List<JsonNode> result = new ArrayList<>();
        for (long messageId : messagesByChannel.getOrDefault(channelId, List.of())) {
            if (!deletedMessages.contains(messageId)) {
                result.add(messages.get(messageId).deepCopy());
            }
        }
        return result;
    }

    /** The first follow-up ({@code POST webhooks/{app}/{token}}) of the interaction. */
    public JsonNode awaitFollowUp(Interaction interaction, Duration timeout) {
        return awaitFollowUp(interaction, message -> true, timeout);
    }

    public JsonNode awaitFollowUp(Interaction interaction, Predicate<JsonNode> condition, Duration timeout) {
        return await("a follow-up of " + interaction + " that matches", timeout,
                () -> followUpsLocked(interaction).stream().filter(condition).findFirst().orElse(null));
    }

    public List<JsonNode> followUps(Interaction interaction) {
        synchronized (lock) {
            return followUpsLocked(interaction);
        }
    }

    private List<JsonNode> followUpsLocked(Interaction interaction) {
        List<JsonNode> result = new ArrayList<>();
        for (long messageId : followUpsByToken.getOrDefault(interaction.token(), List.of())) {
            if (!deletedMessages.contains(messageId)) {
                result.add(messages.get(messageId).deepCopy());
            }
        }
        return result;
    }

    /** The last guild command bulk overwrite in the default guild (echoed form, with ids); empty array before any. */
    public JsonNode registeredCommands() {
        return registeredCommands(guild.id());
    }

    /** The last guild command bulk overwrite in {@code guildId}; empty array before any. */
    public JsonNode registeredCommands(long guildId) {
        synchronized (lock) {
            ArrayNode commands = guildCommands.get(guildId);
            return commands == null ? Json.array() : commands.deepCopy();
        }
    }

    /** Waits for the first guild command registration (JDA bots register asynchronously after READY). */
    public JsonNode awaitRegisteredCommands(Duration timeout) {
        return await("a guild command registration", timeout, () -> {
            ArrayNode commands = guildCommands.get(guild.id());
            return commands == null ? null : commands.deepCopy();
        });
    }

    /** The global commands as registered now (echoed form, with ids). */
    public JsonNode globalCommands() {
        synchronized (lock) {
            return globalCommands.deepCopy();
        }
    }

    /** How many global bulk overwrites ({@code PUT applications/{app}/commands}) the fake has answered. */
    public int globalCommandOverwrites() {
        synchronized (lock) {
            return globalOverwrites;
        }
    }

    /** Waits for the first global bulk overwrite and returns the commands it registered. */
    public JsonNode awaitGlobalCommands(Duration timeout) {
        return await("a global command bulk overwrite", timeout,
                () -> globalOverwrites > 0 ? globalCommands.deepCopy() : null);
    }

    /** Every REST request so far, oldest first. */
    public List<RecordedCall> requests() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    /**
     * Requests the fake could not serve: routes it does not know (answered 404) and requests that broke the fake
     * itself (answered 500, stack trace on stderr). An end-to-end test should expect this to stay empty.
     */
    public List<RecordedCall> unknownRoutes() {
        synchronized (lock) {
            return List.copyOf(unknownRoutes);
        }
    }

    public RecordedCall awaitRequest(Predicate<RecordedCall> condition, Duration timeout) {
        return await("a REST request that matches", timeout,
                () -> calls.stream().filter(condition).findFirst().orElse(null));
    }

    // ------------------------------------------------------------------ gateway control

    public int identifyCount() {
        synchronized (lock) {
            return identifies;
        }
    }

    public int resumeCount() {
        synchronized (lock) {
            return resumes;
        }
    }

    public int heartbeatCount() {
        synchronized (lock) {
            return heartbeats;
        }
    }

    public void awaitIdentifies(int count, Duration timeout) {
        await(count + " IDENTIFY", timeout, () -> identifies >= count ? Boolean.TRUE : null);
    }

    public void awaitResumes(int count, Duration timeout) {
        await(count + " RESUME", timeout, () -> resumes >= count ? Boolean.TRUE : null);
    }

    public void awaitHeartbeats(int count, Duration timeout) {
        await(count + " heartbeats", timeout, () -> heartbeats >= count ? Boolean.TRUE : null);
    }

    /** Every IDENTIFY so far with the shard it asked for ({@code [0, 1]} when it named none), oldest first. */
    public List<Shard> identifiedShards() {
        synchronized (lock) {
            return List.copyOf(identifiedShards);
        }
    }

    /** Waits until a session of the shard that owns the default guild has been identified or resumed and is open. */
    public void awaitConnected(Duration timeout) {
        await("a live gateway session", timeout, () -> sessionOwning(guild.id()));
    }

    /** Waits until shard {@code shardId} has a live session (identified or resumed, still open). */
    public void awaitShardConnected(int shardId, Duration timeout) {
        await("a live session of shard " + shardId, timeout, () -> activeByShard.get(shardId));
    }

    /** The shards with a live session now. */
    public Set<Shard> connectedShards() {
        synchronized (lock) {
            Set<Shard> shards = new HashSet<>();
            activeByShard.values().forEach(session -> shards.add(session.shard()));
            return shards;
        }
    }

    /** Waits until no gateway socket is open any more, e.g. after the bot shut down. */
    public void awaitDisconnected(Duration timeout) {
        await("all gateway sockets closed", timeout, () -> openSockets.isEmpty() ? Boolean.TRUE : null);
    }

    /** {@link System#nanoTime()} of each gateway socket closing, oldest first; compare with {@link RecordedCall#receivedNanos()}. */
    public List<Long> gatewayClosedNanos() {
        synchronized (lock) {
            return List.copyOf(gatewayClosedNanos);
        }
    }

    /** Closes the live gateway connection with a close frame (4000 = unknown error: JDA resumes). */
    public void dropConnection(int closeCode) {
        GatewaySession session = detachActive();
        session.closeWith(closeCode);
    }

    /** Cuts the live gateway connection without a close frame, like a network failure. */
    public void dropTcp() {
        GatewaySession session = detachActive();
        session.abort();
    }

    /** Detaches the live session of the default guild's shard. */
    private GatewaySession detachActive() {
        synchronized (lock) {
            GatewaySession session = sessionOwning(guild.id());
            if (session == null) {
                throw new IllegalStateException("no live gateway session to drop");
            }
            activeByShard.values().remove(session);
            lock.notifyAll();
            return session;
        }
    }

    private GatewaySession awaitSession() {
        return awaitSessionFor(guild.id());
    }

    private GatewaySession awaitSessionFor(long guildId) {
        return await("a live gateway session for guild " + guildId + " (did JDA connect its shard?)", SESSION_WAIT,
                () -> sessionOwning(guildId));
    }

    /** The live session whose shard holds the guild; the caller holds the lock. */
    private GatewaySession sessionOwning(long guildId) {
        for (GatewaySession session : activeByShard.values()) {
            if (session.shard().owns(guildId)) {
                return session;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ gateway connections (RestApi, GatewaySession)

    /** The raw socket of a connection, by MockWebServer's connection index. */
    java.net.Socket socketOf(int connectionIndex) {
        return acceptedSockets.byConnectionIndex(connectionIndex);
    }

    void socketOpened(GatewaySession session) {
        synchronized (lock) {
            openSockets.add(session);
        }
    }

    void socketClosed(GatewaySession session) {
        synchronized (lock) {
            if (openSockets.remove(session)) {
                gatewayClosedNanos.add(System.nanoTime());
            }
            activeByShard.values().remove(session);
            lock.notifyAll();
        }
    }

    GatewaySession.State identified(Shard shard) {
        synchronized (lock) {
            identifies++;
            identifiedShards.add(shard);
            GatewaySession.State state = new GatewaySession.State(HexFormat.of().formatHex(randomBytes()), shard);
            sessions.put(state.sessionId(), state);
            lock.notifyAll();
            return state;
        }
    }

    Optional<GatewaySession.State> resumed(String sessionId) {
        synchronized (lock) {
            resumes++;
            lock.notifyAll();
            return Optional.ofNullable(sessions.get(sessionId));
        }
    }

    void activate(GatewaySession session) {
        synchronized (lock) {
            if (openSockets.contains(session)) {
                activeByShard.put(session.shard().id(), session);
            }
            lock.notifyAll();
        }
    }

    boolean heartbeat() {
        synchronized (lock) {
            heartbeats++;
            lock.notifyAll();
            return ackHeartbeats;
        }
    }

    /** READY for a shard's session: the guilds of that shard only, all unavailable until their GUILD_CREATE. */
    ObjectNode readyPayload(String sessionId, Shard shard, List<FakeGuild> shardGuilds) {
        ObjectNode ready = Json.object().put("v", 10).put("session_id", sessionId)
                .put("session_type", "normal")
                .put("resume_gateway_url", gatewayUrl()); // JDA resumes here, so it must be the fake itself
        ready.set("user", FakeGuild.userJson(botUserId, botName, true));
        ArrayNode guildArray = ready.putArray("guilds");
        shardGuilds.forEach(g -> guildArray.addObject().put("id", Long.toString(g.id())).put("unavailable", true));
        ready.putArray("shard").add(shard.id()).add(shard.total());
        ready.putArray("private_channels"); // without it JDA cannot parse READY
        ready.putArray("relationships");
        ready.putArray("presences");
        ready.putArray("guild_join_requests");
        ready.putArray("geo_ordered_rtc_regions");
        ready.putObject("user_settings");
        // Without a separate application id JDA would put the bot user id into applications/… and webhooks/… paths.
        ready.putObject("application").put("id", Long.toString(applicationId)).put("flags", 0);
        ready.putArray("_trace").add("fake-discord");
        return ready;
    }

    /** The guilds the shard holds, in joining order. */
    List<FakeGuild> guildsOf(Shard shard) {
        synchronized (lock) {
            return guilds.values().stream().filter(g -> shard.owns(g.id())).toList();
        }
    }

    // ------------------------------------------------------------------ REST state (RestApi)

    void record(RecordedCall call, boolean unknownRoute) {
        synchronized (lock) {
            calls.add(call);
            if (unknownRoute) {
                unknownRoutes.add(call);
            }
            lock.notifyAll();
        }
    }

    /** Whether a REST request with this Authorization header is let in (see {@link #acceptOnlyToken}). */
    boolean authorized(String authorization) {
        synchronized (lock) {
            return authorization != null && (requiredToken == null || authorization.equals("Bot " + requiredToken));
        }
    }

    /** {@code GET applications/@me}: the application behind the token (its id goes into invite URLs). */
    ObjectNode applicationJson() {
        ObjectNode app = Json.object().put("id", Long.toString(applicationId)).put("name", botName)
                .put("bot_public", true).put("bot_require_code_grant", false).put("flags", 0);
        app.set("bot", botUserJson());
        return app;
    }

    ObjectNode botUserJson() {
        return FakeGuild.userJson(botUserId, botName, true);
    }

    /**
     * Result of an interaction callback: the message it created or changed, if any. {@code interaction} is the callback response's interaction object, taken with the callback under one lock: a
     * test may {@link #forgetHistory} as soon as it sees the callback, before the answer is written.
     */
    record CallbackOutcome(Status status, ObjectNode message, ObjectNode interaction) {
        CallbackOutcome(Status status, ObjectNode message) {
            this(status, message, null);
        }

        enum Status { OK, UNKNOWN_INTERACTION, ALREADY_ACKNOWLEDGED, INVALID }
    }

    CallbackOutcome interactionCallback(long interactionId, String token, JsonNode body, long receivedNanos) {
        synchronized (lock) {
            Interaction interaction = interactions.get(interactionId);
            if (interaction == null || !interaction.token().equals(token)) {
                return new CallbackOutcome(CallbackOutcome.Status.UNKNOWN_INTERACTION, null);
            }
            if (callbacks.containsKey(interactionId)) {
                return new CallbackOutcome(CallbackOutcome.Status.ALREADY_ACKNOWLEDGED, null);
            }
            int type = body.path("type").asInt();
            JsonNode data = body.path("data");
            boolean updatesAMessage = type == Callback.UPDATE_MESSAGE || type == Callback.DEFERRED_UPDATE;
            boolean hasMessage = interaction.type() == Interaction.COMPONENT
                    || (interaction.type() == Interaction.MODAL_SUBMIT && interaction.messageId() != 0);
            if (updatesAMessage && !hasMessage) {
                return new CallbackOutcome(CallbackOutcome.Status.INVALID, null); // only a component has a message
            }
            if (type == Callback.MODAL && !validModal(interaction, data)) {
                return new CallbackOutcome(CallbackOutcome.Status.INVALID, null);
            }
            ObjectNode message = null;
            switch (type) {
                case Callback.REPLY -> message = newInteractionMessage(interaction, data, false);
                case Callback.DEFERRED_REPLY -> message = newInteractionMessage(interaction, data, true);
                case Callback.UPDATE_MESSAGE -> message = editLocked(interaction.messageId(), data);
                default -> {
                    // 6 deferred update, 8 autocomplete result, 9 modal: nothing visible changes yet
                }
            }
            if (message != null) {
                originalByToken.put(token, message.path("id").asLong());
            }
            callbacks.put(interactionId, new Callback(interaction, type, data.deepCopy(), receivedNanos));
            lock.notifyAll();
            return new CallbackOutcome(CallbackOutcome.Status.OK, message == null ? null : message.deepCopy(),
                    interactionJson(interactionId));
        }
    }

    /**
     * Discord's rules for a modal callback: not in answer to an autocomplete or another modal, a custom id of at most
     * 100 characters, a title of at most 45, and 1 to 5 top-level components.
     */
    private static boolean validModal(Interaction interaction, JsonNode data) {
        if (interaction.type() == Interaction.AUTOCOMPLETE || interaction.type() == Interaction.MODAL_SUBMIT) {
            return false;
        }
        String customId = data.path("custom_id").asText("");
        String title = data.path("title").asText("");
        int components = data.path("components").size();
        return !customId.isEmpty() && customId.length() <= 100 && !title.isEmpty()
                && title.codePointCount(0, title.length()) <= 45 && components >= 1 && components <= 5;
    }

    ObjectNode interactionJson(long interactionId) {
        synchronized (lock) {
            Interaction interaction = interactions.get(interactionId);
            ObjectNode json = Json.object().put("id", Long.toString(interactionId)).put("type", interaction.type());
            Long original = originalByToken.get(interaction.token());
            if (original != null) {
                json.put("response_message_id", Long.toString(original));
                ObjectNode message = messages.get(original);
                json.put("response_message_loading", (message.path("flags").asInt() & 128) != 0);
                json.put("response_message_ephemeral", (message.path("flags").asInt() & 64) != 0);
            }
            json.putNull("activity_instance_id");
            return json;
        }
    }

    boolean knowsInteractionToken(String token) {
        synchronized (lock) {
            return interactionsByToken.containsKey(token);
        }
    }

    /** The message id behind {@code @original} or a follow-up id of this token, if it exists. */
    Optional<Long> webhookMessageId(String token, String messageRef) {
        synchronized (lock) {
            Long messageId;
            if ("@original".equals(messageRef)) {
                messageId = originalByToken.get(token);
            } else {
                long wanted = parseId(messageRef);
                boolean ours = Long.valueOf(wanted).equals(originalByToken.get(token))
                        || followUpsByToken.getOrDefault(token, List.of()).contains(wanted);
                messageId = ours ? wanted : null;
            }
            return Optional.ofNullable(messageId).filter(id -> !deletedMessages.contains(id));
        }
    }

    Optional<ObjectNode> message(long messageId) {
        synchronized (lock) {
            return Optional.ofNullable(messages.get(messageId))
                    .filter(m -> !deletedMessages.contains(messageId))
                    .map(ObjectNode::deepCopy);
        }
    }

    ObjectNode editMessage(long messageId, JsonNode payload) {
        synchronized (lock) {
            ObjectNode edited = editLocked(messageId, payload);
            lock.notifyAll();
            return edited.deepCopy();
        }
    }

    void deleteMessage(long messageId) {
        synchronized (lock) {
            deletedMessages.add(messageId);
            lock.notifyAll();
        }
    }

    Optional<ObjectNode> followUp(String token, JsonNode payload) {
        synchronized (lock) {
            Interaction interaction = interactionsByToken.get(token);
            if (interaction == null) {
                return Optional.empty();
            }
            ObjectNode message = newMessage(interaction.channelId(), payload, 0, interaction);
            followUpsByToken.computeIfAbsent(token, t -> new ArrayList<>()).add(message.path("id").asLong());
            lock.notifyAll();
            return Optional.of(message.deepCopy());
        }
    }

    /** Whether the bot may post this payload into the channel: its permissions there, and any forced rejection. */
    boolean botMayPost(long channelId, JsonNode payload) {
        synchronized (lock) {
            if (rejectedChannels.contains(channelId)) {
                return false;
            }
        }
        long permissions = requireGuildOfChannel(channelId).permissionsIn(botUserId, channelId);
        long needed = FakeGuild.VIEW_CHANNEL | FakeGuild.SEND_MESSAGES;
        if (payload.path("embeds").size() > 0) {
            needed |= FakeGuild.EMBED_LINKS;
        }
        return (permissions & needed) == needed;
    }

    ObjectNode channelPost(long channelId, JsonNode payload) {
        synchronized (lock) {
            ObjectNode message = newMessage(channelId, payload, 0, null);
            messagesByChannel.computeIfAbsent(channelId, c -> new ArrayList<>()).add(message.path("id").asLong());
            lock.notifyAll();
            return message.deepCopy();
        }
    }

    boolean isChannelMessage(long channelId, long messageId) {
        synchronized (lock) {
            return messagesByChannel.getOrDefault(channelId, List.of()).contains(messageId)
                    && !deletedMessages.contains(messageId);
        }
    }

    /** A bulk overwrite: global when {@code guildId} is 0, else of that guild. */
    ArrayNode overwriteCommands(long guildId, JsonNode requested) {
        boolean global = guildId == 0;
        synchronized (lock) {
            ArrayNode previous = global ? globalCommands : guildCommands.get(guildId);
            ArrayNode echoed = Json.array();
            for (JsonNode command : requested) {
                echoed.add(echoCommand(guildId, command, previous));
            }
            if (global) {
                globalCommands = echoed;
                globalOverwrites++;
            } else {
                guildCommands.put(guildId, echoed);
            }
            lock.notifyAll();
            return echoed.deepCopy();
        }
    }

    ObjectNode upsertCommand(long guildId, JsonNode requested) {
        boolean global = guildId == 0;
        synchronized (lock) {
            ArrayNode previous = global ? globalCommands : guildCommands.get(guildId);
            ObjectNode echoed = echoCommand(guildId, requested, previous);
            ArrayNode next = Json.array();
            if (previous != null) {
                for (JsonNode command : previous) {
                    if (!command.path("name").asText().equals(echoed.path("name").asText())) {
                        next.add(command);
                    }
                }
            }
            next.add(echoed);
            if (global) {
                globalCommands = next;
            } else {
                guildCommands.put(guildId, next);
            }
            lock.notifyAll();
            return echoed.deepCopy();
        }
    }

    JsonNode commands(long guildId) {
        synchronized (lock) {
            ArrayNode commands = guildId == 0 ? globalCommands : guildCommands.get(guildId);
            return commands == null ? Json.array() : commands.deepCopy();
        }
    }

    /** Discord's echo of a registered command: the request plus ids, keeping the id of a command with the same name. */
    private ObjectNode echoCommand(long guildId, JsonNode command, ArrayNode previous) {
        ObjectNode echoed = command.deepCopy();
        String name = command.path("name").asText();
        String id = Long.toString(Snowflakes.now());
        if (previous != null) {
            for (JsonNode old : previous) {
                if (old.path("name").asText().equals(name)) {
                    id = old.path("id").asText();
                }
            }
        }
        echoed.put("id", id)
                .put("application_id", Long.toString(applicationId))
                .put("version", Long.toString(Snowflakes.now()));
        if (guildId != 0) {
            echoed.put("guild_id", Long.toString(guildId));
        }
        if (!echoed.has("type")) {
            echoed.put("type", 1);
        }
        if (!echoed.has("description")) {
            echoed.put("description", "");
        }
        if (!echoed.has("default_member_permissions")) {
            echoed.putNull("default_member_permissions");
        }
        return echoed;
    }

    /** The type of a top-level option of a registered command, if both are known. */
    private Optional<Integer> registeredOptionType(long guildId, String command, String option) {
        return findRegisteredCommand(guildId, command).flatMap(c -> {
            for (JsonNode registered : c.path("options")) {
                if (registered.path("name").asText().equals(option) && registered.path("type").isInt()) {
                    return Optional.of(registered.path("type").asInt());
                }
            }
            return Optional.empty();
        });
    }

    /** The guild's command of that name, else the global one (as Discord resolves a name in a guild). */
    private Optional<JsonNode> findRegisteredCommand(long guildId, String name) {
        synchronized (lock) {
            for (ArrayNode commands : new ArrayNode[] {guildCommands.get(guildId), globalCommands}) {
                if (commands == null) {
                    continue;
                }
                for (JsonNode command : commands) {
                    if (command.path("name").asText().equals(name)) {
                        return Optional.of(command);
                    }
                }
            }
            return Optional.empty();
        }
    }

    // ------------------------------------------------------------------ messages (caller holds the lock)

    private ObjectNode newInteractionMessage(Interaction interaction, JsonNode data, boolean loading) {
        ObjectNode payload = loading ? Json.object() : data.deepCopy();
        int flags = data.path("flags").asInt(0);
        payload.put("flags", loading ? flags | 128 : flags); // 128 = "bot is thinking…" until the first edit
        int type = interaction.type() == Interaction.COMPONENT ? 0 : 20; // 20 = reply to a slash command
        return newMessage(interaction.channelId(), payload, type, interaction);
    }

    /** A message object as JDA needs it: id, type, channel, author, mention arrays, embeds typed "rich". */
    private ObjectNode newMessage(long channelId, JsonNode payload, int type, Interaction interaction) {
        long id = Snowflakes.now();
        FakeGuild guild = requireGuildOfChannel(channelId);
        ObjectNode message = Json.object()
                .put("id", Long.toString(id))
                .put("type", type)
                .put("channel_id", Long.toString(channelId))
                .put("guild_id", Long.toString(guild.id()))
                .put("content", payload.path("content").asText(""))
                .put("flags", payload.path("flags").asInt(0))
                .put("timestamp", now())
                .put("pinned", false)
                .put("tts", false)
                .put("mention_everyone", false);
        message.putNull("edited_timestamp");
        message.set("author", botUserJson());
        message.putArray("mentions");
        message.putArray("mention_roles");
        message.putArray("attachments");
        message.set("embeds", richEmbeds(payload.path("embeds")));
        message.set("components", payload.path("components").isArray() ? payload.get("components").deepCopy() : Json.array());
        if (interaction != null) {
            // Interaction responses are webhook messages owned by the application, as on Discord.
            message.put("webhook_id", Long.toString(applicationId));
            message.put("application_id", Long.toString(applicationId));
            ObjectNode metadata = message.putObject("interaction_metadata")
                    .put("id", Long.toString(interaction.id()))
                    .put("type", interaction.type());
            metadata.set("user", guild.memberJson(guild.requireMember(interaction.memberId())).get("user"));
            metadata.putObject("authorizing_integration_owners").put("0", Long.toString(guild.id()));
        }
        messages.put(id, message);
        return message;
    }

    private ObjectNode editLocked(long messageId, JsonNode payload) {
        ObjectNode message = messages.get(messageId);
        if (message == null) {
            throw new IllegalStateException("no message " + messageId + " to edit");
        }
        if (payload.has("content")) {
            message.put("content", payload.path("content").asText(""));
        }
        if (payload.has("embeds")) {
            message.set("embeds", richEmbeds(payload.get("embeds")));
        }
        if (payload.has("components")) {
            message.set("components", payload.get("components").isArray() ? payload.get("components").deepCopy() : Json.array());
        }
        int flags = payload.has("flags") ? payload.get("flags").asInt() : message.path("flags").asInt();
        message.put("flags", flags & ~128); // the first edit ends the "thinking…" state
        message.put("edited_timestamp", now());
        return message;
    }

    private static ArrayNode richEmbeds(JsonNode embeds) {
        ArrayNode result = Json.array();
        if (embeds.isArray()) {
            for (JsonNode embed : embeds) {
                ObjectNode copy = embed.deepCopy();
                if (!copy.has("type")) {
                    copy.put("type", "rich"); // JDA rejects its own successful response without it
                }
                result.add(copy);
            }
        }
        return result;
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).format(TIMESTAMP);
    }

    static long parseId(String text) {
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------ waiting

    /** Polls {@code probe} under the lock until it yields non-null; every state change wakes the waiters. */
    private <T> T await(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                            + "; last REST calls: " + lastCalls());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + what, e);
                }
            }
        }
    }

    private String lastCalls() {
        synchronized (lock) {
            return calls.subList(Math.max(0, calls.size() - 8), calls.size()).toString();
        }
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Cuts any gateway socket still open and stops the server. Shut the bot down first ({@link FakeJda#shutdownCleanly});
     * a JDA still running would otherwise start reconnecting against a closed port.
     */
    @Override
    public void close() {
        List<GatewaySession> stillOpen;
        synchronized (lock) {
            stillOpen = new ArrayList<>(openSockets);
            activeByShard.clear();
        }
        stillOpen.forEach(GatewaySession::abort);
        server.close();
    }

    @Override
    public String toString() {
        return "FakeDiscord[" + restUrl() + "]";
    }

    public static final class Builder {
        private long botUserId = DEFAULT_BOT_USER_ID;
        private String botName = DEFAULT_BOT_NAME;
        private long applicationId = DEFAULT_APPLICATION_ID;
        private long guildId = DEFAULT_GUILD_ID;
        private String guildName = "Fake RP Community";
        private long channelId = DEFAULT_CHANNEL_ID;
        private String channelName = "general";
        private Duration heartbeatInterval = Duration.ofSeconds(2);
        private int recommendedShards = 1;
        private int maxConcurrency = 1;

        private Builder() {
        }

        /** {@code shards} in {@code GET gateway/bot}: what a ShardManager uses when it is given no shard total. */
        public Builder recommendedShards(int shards) {
            if (shards < 1) {
                throw new IllegalArgumentException("shards must be at least 1");
            }
            this.recommendedShards = shards;
            return this;
        }

        /**
         * {@code session_start_limit.max_concurrency} in {@code GET gateway/bot}: how many shards JDA may IDENTIFY
         * at once (1 on Discord for small bots: JDA then waits 5 s between shards).
         */
        public Builder maxConcurrency(int concurrency) {
            if (concurrency < 1) {
                throw new IllegalArgumentException("max_concurrency must be at least 1");
            }
            this.maxConcurrency = concurrency;
            return this;
        }

        public Builder botUser(long id, String name) {
            this.botUserId = id;
            this.botName = name;
            return this;
        }

        /** Must differ from the bot user id to catch code that confuses the two (the fake sends it in READY). */
        public Builder applicationId(long id) {
            this.applicationId = id;
            return this;
        }

        public Builder guild(long id, String name) {
            this.guildId = id;
            this.guildName = name;
            return this;
        }

        /** The channel interactions come from unless a test names another. */
        public Builder defaultChannel(long id, String name) {
            this.channelId = id;
            this.channelName = name;
            return this;
        }

        /** Discord uses ~41 s; short keeps heartbeat-dependent tests fast (JDA may skip its very first beat). */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = interval;
            return this;
        }

        public FakeDiscord start() {
            if (applicationId == botUserId) {
                throw new IllegalArgumentException("application id must differ from the bot user id");
            }
            return new FakeDiscord(this).listen();
        }
    }
}
