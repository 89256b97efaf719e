package livemapbot.hosting;

import livemapbot.cad.CadException;
import livemapbot.cad.CadPlan;
import livemapbot.config.ApiVersion;
import livemapbot.config.Secret;
import livemapbot.store.StoreException;

import java.util.List;
import java.util.Optional;

/**
 * What {@code /livemap} and the guild join/leave events do in multi-community mode, without
 * Discord types: the guilds set up in this process, checking credentials against Sonoran, saving
 * and forgetting. Implemented where the bot is wired ({@code livemapbot.HostedCommunities}).
 */
public interface Hosting {

    /** What Sonoran answered for a community id and API key. */
    record Verified(CadPlan plan, List<String> serverNames) {
        public Verified {
            serverNames = List.copyOf(serverNames);
        }
    }

    /** The guild's settings, from memory: never blocks (called on JDA's event thread). */
    Optional<GuildSetup> find(long guildId);

    /**
     * Checks credentials against Sonoran (the plan, then the server list) without saving anything.
     * Blocks for up to Sonoran's timeouts: call on a worker.
     *
     * @throws CadException what is wrong, in words for the guild's admin (never the key)
     */
    Verified verify(String communityId, Secret apiKey, ApiVersion version) throws CadException;

    /** Saves the guild's settings (key encrypted) and serves the guild with them from now on. */
    void save(GuildSetup setup) throws StoreException;

    /**
     * Deletes the guild's settings and key, and with {@code withHistory} every row of its history;
     * the guild's commands stop at once.
     *
     * @return false when nothing was set up
     */
    boolean forget(long guildId, boolean withHistory) throws StoreException;

    /** The bot was removed from the guild: its settings wait for a re-invite or the retention period. */
    void left(long guildId);

    /** The bot was (re-)invited to the guild. */
    void joined(long guildId);
}
