package livemapbot.discord;

import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.User;

import java.util.Set;
import java.util.stream.Collectors;

/** Reads what the bot needs from the member that sent an interaction (it comes with the interaction). */
public final class Members {
    private Members() {
    }

    /** Role ids of {@code member}; empty for null (a DM, which the router refuses anyway). */
    public static Set<Long> roleIds(Member member) {
        if (member == null) {
            return Set.of();
        }
        return member.getRoles().stream().map(Role::getIdLong).collect(Collectors.toUnmodifiableSet());
    }

    /** The name to show in records and announcements: the guild nickname if set, else the global name. */
    public static String displayName(Member member, User user) {
        if (member != null) {
            return member.getEffectiveName();
        }
        return user == null ? "unknown" : user.getEffectiveName();
    }
}
