package livemapbot.discord.hosting;

import livemapbot.hosting.Hosting;
import net.dv8tion.jda.api.events.guild.GuildJoinEvent;
import net.dv8tion.jda.api.events.guild.GuildLeaveEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;

/**
 * Multi-community mode: a guild that removes the bot keeps its settings (a re-invite restores
 * them) until {@code /livemap forget} or the retention period; one that invites it again is
 * served again. The store work runs on a worker ({@link Hosting#left}, {@link Hosting#joined}).
 */
public final class GuildPresence extends ListenerAdapter {
    private final Hosting hosting;

    public GuildPresence(Hosting hosting) {
        this.hosting = hosting;
    }

    @Override
    public void onGuildLeave(GuildLeaveEvent event) {
        hosting.left(event.getGuild().getIdLong());
    }

    @Override
    public void onGuildJoin(GuildJoinEvent event) {
        hosting.joined(event.getGuild().getIdLong());
    }
}
