package livemapbot.discord;

import livemapbot.cad.ServerDirectory;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerList;
import livemapbot.text.Text;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Choices for a {@code server} option ("#1 Main Server" → 1). Autocomplete cannot be deferred, so
 * it answers from the cached list when there is one (staleness is fine: the id is re-validated
 * when the command is submitted) and otherwise waits briefly for a read on a worker thread,
 * never on JDA's event thread.
 */
public final class ServerAutocomplete {
    private static final Logger LOG = LoggerFactory.getLogger(ServerAutocomplete.class);
    /** Discord allows at most 25 choices. */
    public static final int MAX_CHOICES = 25;
    private static final int MAX_CHOICE_NAME = 100;
    private static final long FIRST_READ_WAIT_MILLIS = 2000;

    private final ServerDirectory directory;
    private final Executor workers;
    private final Access access;

    public ServerAutocomplete(ServerDirectory directory, Executor workers, Access access) {
        this.directory = directory;
        this.workers = workers;
        this.access = access;
    }

    /** Answers with matching servers; members who may not view servers get no choices (names are not public). */
    public void reply(CommandAutoCompleteInteractionEvent event) {
        if (!access.check(Access.Action.VIEW, Members.roleIds(event.getMember())).allowed()) {
            event.replyChoices(List.of()).queue();
            return;
        }
        String typed = event.getFocusedOption().getValue();
        ServerList cached = directory.cachedOrNull();
        if (cached != null) {
            event.replyChoices(choices(cached.servers(), typed)).queue();
            return;
        }
        // copy(): the timeout must end this wait only, not the read other commands share.
        directory.serversAsync(workers).copy()
                .orTimeout(FIRST_READ_WAIT_MILLIS, TimeUnit.MILLISECONDS)
                .whenComplete((list, error) -> {
                    if (error != null) {
                        LOG.debug("autocomplete without servers: {}", error.toString());
                    }
                    event.replyChoices(list == null ? List.of() : choices(list.servers(), typed)).queue();
                });
    }

    /** At most 25 servers matching what was typed: the id ("1", "#1") or a part of the name. */
    public static List<Command.Choice> choices(List<ServerEntry> servers, String typed) {
        String query = typed == null ? "" : typed.trim().toLowerCase(Locale.ROOT);
        String idQuery = query.startsWith("#") ? query.substring(1) : query;
        List<Command.Choice> choices = new ArrayList<>();
        for (ServerEntry server : servers) {
            if (choices.size() == MAX_CHOICES) {
                break;
            }
            String id = Integer.toString(server.id());
            if (query.isEmpty() || id.startsWith(idQuery)
                    || server.name().toLowerCase(Locale.ROOT).contains(query)) {
                choices.add(new Command.Choice(label(server), server.id()));
            }
        }
        return choices;
    }

    /** "#1 Main Server", cut to Discord's 100 characters. */
    public static String label(ServerEntry server) {
        String label = "#" + server.id() + (server.name().isBlank() ? "" : " " + server.name());
        return Text.cut(label, MAX_CHOICE_NAME);
    }
}
