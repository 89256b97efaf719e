package livemapbot.discord;

import livemapbot.audit.AuditTrail;
import livemapbot.cad.ServerDirectory;
import livemapbot.config.Settings;

import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * What every command needs, wired once by hand in {@code livemapbot.BotApplication} (the one
 * place the bot is assembled). {@code workers} runs CAD work off JDA's event thread; the same pool
 * is handed to {@link DiscordBot}, which drains it at shutdown.
 */
public record BotContext(
        Settings settings,
        ServerDirectory directory,
        Access access,
        AuditTrail audit,
        ExecutorService workers,
        Clock clock) {
}
