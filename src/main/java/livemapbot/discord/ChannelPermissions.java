package livemapbot.discord;

import net.dv8tion.jda.api.Permission;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Discord's permission arithmetic on raw bit sets, without JDA entities: the pre-flight check
 * computes what the bot may do in a channel from plain REST answers before any gateway login.
 *
 * <p>The order is Discord's: base = @everyone | every role of the member; ADMINISTRATOR (or
 * owning the guild) grants everything and skips overwrites; then the channel's @everyone
 * overwrite, then all of the member's role overwrites together (every deny, then every allow),
 * then the member's own overwrite.
 */
public final class ChannelPermissions {
    /** Every permission bit, what an administrator or the owner has. */
    public static final long ALL = -1L;

    /** What posting an embed into a channel needs, with the names Discord shows in the channel settings. */
    public static final Map<Permission, String> TO_POST_EMBEDS = orderedMap(
            Permission.VIEW_CHANNEL, "View Channel",
            Permission.MESSAGE_SEND, "Send Messages",
            Permission.MESSAGE_EMBED_LINKS, "Embed Links");

    /** One {@code permission_overwrites} entry; {@code forMember} false means a role (the guild id = @everyone). */
    public record Overwrite(long targetId, boolean forMember, long allow, long deny) {
    }

    private ChannelPermissions() {
    }

    /** Guild-wide permissions of a member: @everyone plus each of its roles; administrators get {@link #ALL}. */
    public static long base(long everyone, Collection<Long> rolePermissions, boolean owner) {
        if (owner) {
            return ALL;
        }
        long permissions = everyone;
        for (long role : rolePermissions) {
            permissions |= role;
        }
        return has(permissions, Permission.ADMINISTRATOR) ? ALL : permissions;
    }

    /**
     * A member's permissions in one channel.
     *
     * @param base       from {@link #base}
     * @param guildId    the id of the @everyone role
     * @param memberId   the member's user id
     * @param memberRoles the member's role ids (without @everyone)
     */
    public static long inChannel(long base, long guildId, long memberId, Set<Long> memberRoles,
                                 List<Overwrite> overwrites) {
        if (base == ALL) {
            return ALL;
        }
        long permissions = base;
        for (Overwrite o : overwrites) {
            if (!o.forMember() && o.targetId() == guildId) {
                permissions = (permissions & ~o.deny()) | o.allow();
            }
        }
        long roleAllow = 0;
        long roleDeny = 0;
        for (Overwrite o : overwrites) {
            if (!o.forMember() && o.targetId() != guildId && memberRoles.contains(o.targetId())) {
                roleAllow |= o.allow();
                roleDeny |= o.deny();
            }
        }
        permissions = (permissions & ~roleDeny) | roleAllow;
        for (Overwrite o : overwrites) {
            if (o.forMember() && o.targetId() == memberId) {
                permissions = (permissions & ~o.deny()) | o.allow();
            }
        }
        return permissions;
    }

    /** The names of the permissions in {@code needed} that {@code permissions} lacks, in {@code needed}'s order. */
    public static List<String> missing(long permissions, Map<Permission, String> needed) {
        List<String> missing = new ArrayList<>();
        needed.forEach((permission, name) -> {
            if (!has(permissions, permission)) {
                missing.add(name);
            }
        });
        return missing;
    }

    public static boolean has(long permissions, Permission permission) {
        return (permissions & permission.getRawValue()) == permission.getRawValue();
    }

    private static Map<Permission, String> orderedMap(Permission a, String an, Permission b, String bn,
                                                      Permission c, String cn) {
        Map<Permission, String> map = new LinkedHashMap<>();
        map.put(a, an);
        map.put(b, bn);
        map.put(c, cn);
        return Collections.unmodifiableMap(map);
    }
}
