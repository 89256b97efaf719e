package livemapbot.e2e.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A guild the fake serves (the default one, or one of several): roles, text channels (with permission overwrites) and members, mutable at any time.
 * Changes are not pushed to JDA's cache as gateway events; they show up in what the fake sends or answers next
 * (an injected interaction carries the member's current roles and permissions, so JDA updates that member).
 * Permissions are Discord's raw bit sets; {@code net.dv8tion.jda.api.Permission#getRawValue()} gives them by name.
 */
public final class FakeGuild {
    public static final long ADMINISTRATOR = 1L << 3;
    /** Manage Server (MANAGE_GUILD): give it through a role to let a member configure the bot. */
    public static final long MANAGE_SERVER = 1L << 5;
    public static final long VIEW_CHANNEL = 1L << 10;
    public static final long SEND_MESSAGES = 1L << 11;
    public static final long EMBED_LINKS = 1L << 14;
    public static final long READ_MESSAGE_HISTORY = 1L << 16;
    public static final long USE_APPLICATION_COMMANDS = 1L << 31;
    /** Every permission bit Discord defines today; what an administrator or the owner has. */
    public static final long ALL_PERMISSIONS = (1L << 51) - 1;
    /** What @everyone may do in the default guild: read and write, as on a fresh Discord server. */
    public static final long EVERYONE_DEFAULT =
            VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_MESSAGE_HISTORY | USE_APPLICATION_COMMANDS;

    private static final String JOINED_AT = "2024-01-01T00:00:00.000000+00:00";

    public record Role(long id, String name, long permissions, int position) {
    }

    /** A channel permission overwrite; {@code forMember} false means {@code targetId} is a role (or the guild id for @everyone). */
    public record Overwrite(long targetId, boolean forMember, long allow, long deny) {
        public static Overwrite role(long roleId, long allow, long deny) {
            return new Overwrite(roleId, false, allow, deny);
        }

        public static Overwrite member(long userId, long allow, long deny) {
            return new Overwrite(userId, true, allow, deny);
        }
    }

    public record TextChannel(long id, String name, int position, List<Overwrite> overwrites) {
        public TextChannel {
            overwrites = List.copyOf(overwrites);
        }
    }

    public record Member(long userId, String username, Set<Long> roleIds, boolean bot) {
        public Member {
            roleIds = Set.copyOf(roleIds);
        }
    }

    private final long id;
    private final String name;
    private long ownerId;
    private final Map<Long, Role> roles = new LinkedHashMap<>();
    private final Map<Long, TextChannel> channels = new LinkedHashMap<>();
    private final Map<Long, Member> members = new LinkedHashMap<>();

    FakeGuild(long id, String name, long ownerId) {
        this.id = id;
        this.name = name;
        this.ownerId = ownerId;
        roles.put(id, new Role(id, "@everyone", EVERYONE_DEFAULT, 0));
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The first text channel added: where {@link FakeDiscord#slashCommandInGuild} sends commands from. */
    public synchronized long defaultChannelId() {
        return channels.keySet().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("guild " + id + " has no text channel"));
    }

    public synchronized long ownerId() {
        return ownerId;
    }

    /** The owner has every permission regardless of roles; by default nobody in the member list is the owner. */
    public synchronized FakeGuild owner(long userId) {
        this.ownerId = userId;
        return this;
    }

    /** Adds or replaces a role; its position is its order of addition. */
    public synchronized FakeGuild role(long roleId, String roleName, long permissions) {
        Role existing = roles.get(roleId);
        int position = existing != null ? existing.position() : roles.size();
        roles.put(roleId, new Role(roleId, roleName, permissions, position));
        return this;
    }

    /** Changes what @everyone may do (the role whose id is the guild id). */
    public synchronized FakeGuild everyonePermissions(long permissions) {
        roles.put(id, new Role(id, "@everyone", permissions, 0));
        return this;
    }

    public synchronized FakeGuild textChannel(long channelId, String channelName, Overwrite... overwrites) {
        TextChannel existing = channels.get(channelId);
        int position = existing != null ? existing.position() : channels.size();
        channels.put(channelId, new TextChannel(channelId, channelName, position, Arrays.asList(overwrites)));
        return this;
    }

    /**
     * Replaces a channel's overwrites. JDA learns of it only through {@link FakeDiscord#dispatch} (CHANNEL_UPDATE)
     * or a reconnect; the fake's own checks (posting into the channel, permissions in interactions) use it at once.
     */
    public synchronized FakeGuild overwrites(long channelId, Overwrite... overwrites) {
        TextChannel channel = requireChannel(channelId);
        channels.put(channelId, new TextChannel(channelId, channel.name(), channel.position(), Arrays.asList(overwrites)));
        return this;
    }

    /** Adds or replaces a (human) member with exactly these roles. */
    public synchronized FakeGuild member(long userId, String username, long... roleIds) {
        members.put(userId, new Member(userId, username, toSet(roleIds), false));
        return this;
    }

    synchronized FakeGuild botMember(long userId, String username, long... roleIds) {
        members.put(userId, new Member(userId, username, toSet(roleIds), true));
        return this;
    }

    /** Replaces a member's roles; the next interaction from this member carries them. */
    public synchronized FakeGuild memberRoles(long userId, long... roleIds) {
        Member member = requireMember(userId);
        members.put(userId, new Member(userId, member.username(), toSet(roleIds), member.bot()));
        return this;
    }

    public synchronized Optional<Member> findMember(long userId) {
        return Optional.ofNullable(members.get(userId));
    }

    public synchronized Member requireMember(long userId) {
        Member member = members.get(userId);
        if (member == null) {
            throw new IllegalArgumentException("no member " + userId + " in the fake guild");
        }
        return member;
    }

    public synchronized Optional<TextChannel> findChannel(long channelId) {
        return Optional.ofNullable(channels.get(channelId));
    }

    public synchronized TextChannel requireChannel(long channelId) {
        TextChannel channel = channels.get(channelId);
        if (channel == null) {
            throw new IllegalArgumentException("no text channel " + channelId + " in the fake guild");
        }
        return channel;
    }

    public synchronized List<Role> roles() {
        return List.copyOf(roles.values());
    }

    /** Guild-wide permissions: @everyone plus every role of the member; owner and administrators get everything. */
    public synchronized long permissionsOf(long userId) {
        if (userId == ownerId) {
            return ALL_PERMISSIONS;
        }
        Member member = requireMember(userId);
        long permissions = roles.get(id).permissions();
        for (long roleId : member.roleIds()) {
            Role role = roles.get(roleId);
            if (role != null) {
                permissions |= role.permissions();
            }
        }
        return (permissions & ADMINISTRATOR) != 0 ? ALL_PERMISSIONS : permissions;
    }

    /** Discord's channel permission algorithm: @everyone overwrite, then all role overwrites, then the member's own. */
    public synchronized long permissionsIn(long userId, long channelId) {
        long permissions = permissionsOf(userId);
        if ((permissions & ADMINISTRATOR) != 0) {
            return ALL_PERMISSIONS;
        }
        Member member = requireMember(userId);
        List<Overwrite> overwrites = requireChannel(channelId).overwrites();
        for (Overwrite overwrite : overwrites) {
            if (!overwrite.forMember() && overwrite.targetId() == id) {
                permissions = (permissions & ~overwrite.deny()) | overwrite.allow();
            }
        }
        long roleAllow = 0;
        long roleDeny = 0;
        for (Overwrite overwrite : overwrites) {
            if (!overwrite.forMember() && member.roleIds().contains(overwrite.targetId())) {
                roleAllow |= overwrite.allow();
                roleDeny |= overwrite.deny();
            }
        }
        permissions = (permissions & ~roleDeny) | roleAllow;
        for (Overwrite overwrite : overwrites) {
            if (overwrite.forMember() && overwrite.targetId() == userId) {
                permissions = (permissions & ~overwrite.deny()) | overwrite.allow();
            }
        }
        return permissions;
    }

    synchronized ObjectNode guildCreateJson() {
        ObjectNode json = Json.object()
                .put("id", Long.toString(id))
                .put("name", name)
                .put("owner_id", Long.toString(ownerId))
                .put("member_count", members.size())
                .put("afk_timeout", 300) // 0 or missing throws inside JDA and awaitReady() then hangs
                .put("verification_level", 0)
                .put("default_message_notifications", 0)
                .put("explicit_content_filter", 0)
                .put("mfa_level", 0)
                .put("nsfw_level", 0)
                .put("premium_tier", 0)
                .put("preferred_locale", "en-US")
                .put("large", false)
                .put("unavailable", false);
        json.putNull("icon");
        json.putNull("system_channel_id");
        json.putNull("afk_channel_id");
        json.putArray("features");
        ArrayNode memberArray = json.putArray("members");
        members.values().forEach(member -> memberArray.add(memberJson(member)));
        ArrayNode roleArray = json.putArray("roles");
        roles.values().forEach(role -> roleArray.add(roleJson(role)));
        ArrayNode channelArray = json.putArray("channels");
        channels.values().forEach(channel -> channelArray.add(channelJson(channel)));
        for (String empty : List.of("threads", "emojis", "stickers", "voice_states", "presences",
                "guild_scheduled_events", "stage_instances", "soundboard_sounds")) {
            json.putArray(empty);
        }
        return json;
    }

    synchronized ObjectNode roleJson(Role role) {
        ObjectNode json = Json.object()
                .put("id", Long.toString(role.id()))
                .put("name", role.name())
                .put("position", role.position())
                .put("permissions", Long.toString(role.permissions()))
                .put("color", 0)
                .put("hoist", false)
                .put("managed", false)
                .put("mentionable", false)
                .put("flags", 0);
        ObjectNode colors = json.putObject("colors").put("primary_color", 0);
        colors.putNull("secondary_color");
        colors.putNull("tertiary_color");
        return json;
    }

    synchronized ArrayNode rolesJson() {
        ArrayNode array = Json.array();
        roles.values().forEach(role -> array.add(roleJson(role)));
        return array;
    }

    synchronized ObjectNode channelJson(TextChannel channel) {
        ObjectNode json = Json.object()
                .put("id", Long.toString(channel.id()))
                .put("type", 0)
                .put("guild_id", Long.toString(id))
                .put("name", channel.name())
                .put("position", channel.position())
                .put("nsfw", false)
                .put("rate_limit_per_user", 0);
        json.putNull("parent_id");
        json.putNull("topic");
        json.putNull("last_message_id");
        ArrayNode overwriteArray = json.putArray("permission_overwrites");
        for (Overwrite overwrite : channel.overwrites()) {
            overwriteArray.add(Json.object()
                    .put("id", Long.toString(overwrite.targetId()))
                    .put("type", overwrite.forMember() ? 1 : 0)
                    .put("allow", Long.toString(overwrite.allow()))
                    .put("deny", Long.toString(overwrite.deny())));
        }
        return json;
    }

    /** {@code GET guilds/{id}/channels}: every channel with its overwrites. */
    synchronized ArrayNode channelsJson() {
        ArrayNode array = Json.array();
        channels.values().forEach(channel -> array.add(channelJson(channel)));
        return array;
    }

    synchronized ObjectNode memberJson(Member member) {
        ObjectNode json = Json.object();
        json.set("user", userJson(member.userId(), member.username(), member.bot()));
        ArrayNode roleIds = json.putArray("roles");
        member.roleIds().forEach(roleId -> roleIds.add(Long.toString(roleId)));
        json.put("joined_at", JOINED_AT).put("deaf", false).put("mute", false).put("flags", 0);
        json.putNull("nick");
        return json;
    }

    static ObjectNode userJson(long userId, String username, boolean bot) {
        ObjectNode json = Json.object()
                .put("id", Long.toString(userId))
                .put("username", username)
                .put("discriminator", "0")
                .put("bot", bot);
        json.putNull("global_name");
        json.putNull("avatar");
        return json;
    }

    private static Set<Long> toSet(long... ids) {
        Set<Long> set = new LinkedHashSet<>();
        for (long roleId : ids) {
            set.add(roleId);
        }
        return set;
    }

    synchronized List<Member> members() {
        return new ArrayList<>(members.values());
    }
}
