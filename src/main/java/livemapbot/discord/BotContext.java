package livemapbot.discord;

import livemapbot.audit.AuditTrail;
import livemapbot.cad.ServerDirectory;
import livemapbot.config.Settings;

import java.time.Clock;
import java.util.concurrent.ExecutorService;

/**
 * What every command needs, wired once in {@link DiscordBot}. {@code workers} runs CAD work off
 * JDA's event thread.
 */
public record BotContext(
        Settings settings,
        ServerDirectory directory,
        Access access,
        AuditTrail audit,
        ExecutorService workers,
        Clock clock) {
}
