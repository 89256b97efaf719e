package livemapbot.discord;

import livemapbot.audit.AuditTrail;
import livemapbot.cad.ServerDirectory;
import livemapbot.config.Settings;

import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * What every command needs, wired once by hand in {@code livemapbot.BotApplication} (the one
 * place the bot is assembled). {@code workers} runs CAD work off JDA's event thread; the same pool
 * is handed to {@link DiscordBot}, which drains it at shutdown. {@code community} names this
 * community's rows in the store (history, previews, the deploy gate).
 */
public record BotContext(
        Settings settings,
        ServerDirectory directory,
        Access access,
        AuditTrail audit,
        ExecutorService workers,
        Clock clock,
        String community) {

    /**
     * Single-community mode: the store's rows of this community are keyed by its Sonoran community
     * id. (Multi-community mode keys them by guild, see {@code GuildSetup.storeCommunity}.)
     */
    public BotContext(Settings settings, ServerDirectory directory, Access access, AuditTrail audit,
                      ExecutorService workers, Clock clock) {
        this(settings, directory, access, audit, workers, clock, settings == null ? null : settings.communityId());
    }
}
