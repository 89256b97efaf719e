package livemapbot.hosting;

import livemapbot.store.StoreException;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every hosted guild's settings (multi mode), kept in the store with each API key encrypted
 * ({@code store.encryptionKey}). Every row is one guild's; nothing is shared between guilds.
 * Failures are {@link StoreException}s whose messages hold no key.
 */
public interface GuildSetups {

    /** The guild's settings (also after it removed the bot, until forgotten or purged). */
    Optional<GuildSetup> find(long guildId) throws StoreException;

    /** Stores {@code setup}, replacing the guild's previous settings (upsert). */
    void save(GuildSetup setup) throws StoreException;

    /** Every stored guild's settings, by guild id. */
    List<GuildSetup> all() throws StoreException;

    /** How many guilds have settings stored (including ones that removed the bot and are within retention). */
    int count() throws StoreException;

    /**
     * {@code /livemap forget}: deletes the guild's settings, its encrypted key included, and with
     * {@code withHistory} every other row of {@link GuildSetup#storeCommunity(long)} (revisions,
     * open previews, the last known list, the deploy gate), all in one transaction.
     *
     * @return whether there was anything to delete
     */
    boolean forget(long guildId, boolean withHistory) throws StoreException;

    /** The bot was removed from the guild at {@code when} (an earlier mark is kept). */
    void markLeft(long guildId, Instant when) throws StoreException;

    /** The bot is in the guild (again): its settings are no longer waiting to be purged. */
    void markPresent(long guildId) throws StoreException;

    /**
     * Retention ({@code hosting.retentionDays}): deletes the settings and encrypted key of every
     * guild that removed the bot before {@code cutoff}; their history stays (it holds no key; a
     * re-invited guild can delete it with {@code /livemap forget}).
     *
     * @return the guilds whose settings were deleted
     */
    List<Long> purgeLeftBefore(Instant cutoff) throws StoreException;
}
