package livemapbot.hosting;

import livemapbot.config.ApiVersion;
import livemapbot.config.Secret;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One guild's settings in multi mode (what {@code /livemap} sets up): its Sonoran community and
 * API key, who may view, edit and deploy, and its channels. What single mode reads from the
 * configuration, a hosted guild keeps in the store ({@link GuildSetups}), its API key encrypted.
 * {@code toString} never shows the key (it is a {@link Secret}).
 *
 * @param guildId           the Discord guild
 * @param communityId       its Sonoran community id
 * @param apiKey            its Sonoran API key (encrypted at rest)
 * @param apiVersion        which Sonoran API its key is for
 * @param viewRoleIds       roles allowed to use /servers; empty = every member
 * @param editRoleIds       roles allowed to use /setmap; empty = nobody
 * @param deployRoleIds     roles allowed to use /deploymap; empty = nobody
 * @param announceChannelId /deploymap announcements; empty = the channel the command was used in
 * @param auditChannelId    a post for every change; empty = none
 * @param plan              the Sonoran plan last seen for the key (for display), or null
 * @param verifiedAt        when the key was last checked against Sonoran
 * @param leftAt            when the bot was removed from the guild, or null while it is there
 */
public record GuildSetup(long guildId, String communityId, Secret apiKey, ApiVersion apiVersion,
        Set<Long> viewRoleIds, Set<Long> editRoleIds, Set<Long> deployRoleIds, OptionalLong announceChannelId,
        OptionalLong auditChannelId, String plan, Instant verifiedAt, Instant leftAt) {

    public GuildSetup {
        Objects.requireNonNull(communityId, "communityId");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(verifiedAt, "verifiedAt");
        viewRoleIds = Set.copyOf(viewRoleIds);
        editRoleIds = Set.copyOf(editRoleIds);
        deployRoleIds = Set.copyOf(deployRoleIds);
        announceChannelId = announceChannelId == null ? OptionalLong.empty() : announceChannelId;
        auditChannelId = auditChannelId == null ? OptionalLong.empty() : auditChannelId;
    }

    /**
     * The community key of this guild's rows in the store (revisions, previews, known lists,
     * deploy gate): {@code guild:<id>}. Keyed by guild, not by Sonoran community, so two guilds
     * that use one Sonoran community never see each other's history, previews or cooldown.
     */
    public static String storeCommunity(long guildId) {
        return "guild:" + guildId;
    }

    /** {@link #storeCommunity(long)} of this guild. */
    public String storeCommunity() {
        return storeCommunity(guildId);
    }

    /** Whether the bot has been removed from the guild (its settings wait for a re-invite or the retention period). */
    public boolean hasLeft() {
        return leftAt != null;
    }

    /** The same setup marked as present (bot re-invited) or left at {@code when}. */
    public GuildSetup withLeftAt(Instant when) {
        return new GuildSetup(guildId, communityId, apiKey, apiVersion, viewRoleIds, editRoleIds, deployRoleIds,
                announceChannelId, auditChannelId, plan, verifiedAt, when);
    }

    @Override
    public String toString() {
        return "GuildSetup[guildId=" + guildId + ", communityId=" + communityId + ", apiKey=****, apiVersion="
                + apiVersion + ", viewRoleIds=" + viewRoleIds + ", editRoleIds=" + editRoleIds + ", deployRoleIds="
                + deployRoleIds + ", announceChannelId=" + announceChannelId + ", auditChannelId=" + auditChannelId
                + ", plan=" + plan + ", verifiedAt=" + verifiedAt + ", leftAt=" + leftAt + "]";
    }
}
