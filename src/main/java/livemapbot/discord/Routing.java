package livemapbot.discord;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which commands serve a guild, for {@link CommandRouter}. Single-community mode serves its one
 * configured guild ({@link #singleGuild}); multi-community mode serves every guild that has been
 * set up, and only {@code /livemap} in the others.
 */
public interface Routing {

    /**
     * The commands a guild may use. {@code otherwise} is the sentence for any other command, button
     * or form in that guild (null: "no longer handled", for a command this bot dropped).
     */
    record Served(Map<String, BotCommand> commands, String otherwise) {
        public Served {
            commands = Map.copyOf(commands);
        }

        Optional<BotCommand> command(String name) {
            return Optional.ofNullable(commands.get(name));
        }
    }

    /** What serves {@code guildId}. Called on JDA's event thread: must not block. */
    Served serve(long guildId);

    /** Every command definition to register (in the guild, or globally in multi mode). */
    List<BotCommand> commands();

    /** One guild, one fixed set of commands; other guilds are refused with {@code CommandRouter.WRONG_GUILD}. */
    static Routing singleGuild(long guildId, List<BotCommand> commands) {
        Map<String, BotCommand> byName = new java.util.LinkedHashMap<>();
        for (BotCommand command : commands) {
            byName.put(command.name(), command);
        }
        Served served = new Served(byName, null);
        Served refused = new Served(Map.of(), CommandRouter.WRONG_GUILD);
        List<BotCommand> all = List.copyOf(commands);
        return new Routing() {
            @Override
            public Served serve(long guild) {
                return guild == guildId ? served : refused;
            }

            @Override
            public List<BotCommand> commands() {
                return all;
            }
        };
    }
}
