package livemapbot.discord;

import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;

import java.util.List;

/**
 * One slash command with the buttons and autocomplete that belong to it.
 *
 * <p>Every method is called on JDA's event thread and must not block: acknowledge first
 * ({@code deferReply}, {@code deferEdit}, a reply), then hand any CAD work to
 * {@link BotContext#workers()}. The router has already checked that the interaction comes from
 * the configured guild; access by role is each command's job (it knows which action it is), done
 * once for all in {@link BotCommandAdapter}, which every command extends.
 */
public interface BotCommand {

    /** The slash command name, also the prefix of this command's component ids. */
    String name();

    /** The command as registered in the guild. */
    SlashCommandData definition();

    void onSlash(SlashCommandInteractionEvent event);

    default void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
        event.replyChoices(List.of()).queue();
    }

    /** A click on one of this command's buttons; {@code id} is already parsed (possibly expired). */
    default void onButton(ButtonInteractionEvent event, ComponentId id) {
        event.reply(Replies.DEAD_BUTTON).setEphemeral(true).queue();
    }

    /** A submit of one of this command's modals; {@code id} is the modal's parsed id (possibly expired). */
    default void onModal(ModalInteractionEvent event, ComponentId id) {
        event.reply(Replies.DEAD_BUTTON).setEphemeral(true).queue();
    }
}
