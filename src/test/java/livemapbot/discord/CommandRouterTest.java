package livemapbot.discord;

import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.requests.restaction.interactions.AutoCompleteCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Only the configured guild reaches a command: not another guild, not a DM, not after shutdown began. */
class CommandRouterTest {
    private static final long GUILD = 100;
    private static final long OTHER_GUILD = 200;

    private final List<String> handled = new ArrayList<>();
    private final CommandRouter router = new CommandRouter(GUILD, List.of(new BotCommand() {
        @Override
        public String name() {
            return "servers";
        }

        @Override
        public SlashCommandData definition() {
            return Commands.slash("servers", "test");
        }

        @Override
        public void onSlash(SlashCommandInteractionEvent event) {
            handled.add("slash");
        }

        @Override
        public void onAutocomplete(CommandAutoCompleteInteractionEvent event) {
            handled.add("autocomplete");
        }

        @Override
        public void onButton(ButtonInteractionEvent event, ComponentId id) {
            handled.add("button " + id.action());
        }
    }));
    private final ReplyCallbackAction reply = mock(ReplyCallbackAction.class, RETURNS_SELF);

    private SlashCommandInteractionEvent slash(Long guildId) {
        SlashCommandInteractionEvent event = mock(SlashCommandInteractionEvent.class);
        when(event.getName()).thenReturn("servers");
        // A DM has neither guild nor member: the mock's nulls stand for that.
        if (guildId != null) {
            Guild guild = mock(Guild.class);
            when(guild.getIdLong()).thenReturn(guildId);
            when(event.getGuild()).thenReturn(guild);
            when(event.getMember()).thenReturn(mock(Member.class));
        }
        when(event.reply(anyString())).thenReturn(reply);
        return event;
    }

    @Test
    void theConfiguredGuildReachesTheCommand() {
        router.onSlashCommandInteraction(slash(GUILD));
        assertEquals(List.of("slash"), handled);
    }

    @Test
    void anotherGuildAndDirectMessagesAreRefused() {
        SlashCommandInteractionEvent other = slash(OTHER_GUILD);
        router.onSlashCommandInteraction(other);
        SlashCommandInteractionEvent dm = slash(null);
        router.onSlashCommandInteraction(dm);

        assertEquals(List.of(), handled);
        verify(other).reply(CommandRouter.WRONG_GUILD);
        verify(dm).reply(CommandRouter.WRONG_GUILD);
    }

    @Test
    void afterShutdownBeganNewCommandsAreToldTheBotIsRestarting() {
        router.stopAccepting();
        SlashCommandInteractionEvent event = slash(GUILD);
        router.onSlashCommandInteraction(event);

        assertEquals(List.of(), handled);
        verify(event).reply(Replies.RESTARTING);
    }

    @Test
    void buttonsFromAnotherGuildAreRefusedAndOwnButtonsAreRouted() {
        String id = new ComponentId("servers", "page", "1", Instant.now().plusSeconds(60)).encode();
        ButtonInteractionEvent foreign = button(OTHER_GUILD, id);
        router.onButtonInteraction(foreign);
        assertEquals(List.of(), handled);
        verify(foreign).reply(CommandRouter.WRONG_GUILD);

        router.onButtonInteraction(button(GUILD, id));
        assertEquals(List.of("button page"), handled);
    }

    @Test
    void autocompleteFromAnotherGuildGetsNoChoices() {
        CommandAutoCompleteInteractionEvent event = mock(CommandAutoCompleteInteractionEvent.class);
        Guild guild = mock(Guild.class);
        when(guild.getIdLong()).thenReturn(OTHER_GUILD);
        when(event.getGuild()).thenReturn(guild);
        when(event.getMember()).thenReturn(mock(Member.class));
        when(event.getName()).thenReturn("servers");
        AutoCompleteCallbackAction none = mock(AutoCompleteCallbackAction.class);
        when(event.replyChoices(anyCollection())).thenReturn(none);

        router.onCommandAutoCompleteInteraction(event);

        assertEquals(List.of(), handled);
        verify(none).queue();
    }

    private ButtonInteractionEvent button(long guildId, String customId) {
        ButtonInteractionEvent event = mock(ButtonInteractionEvent.class);
        Guild guild = mock(Guild.class);
        when(guild.getIdLong()).thenReturn(guildId);
        when(event.getGuild()).thenReturn(guild);
        when(event.getMember()).thenReturn(mock(Member.class));
        when(event.getComponentId()).thenReturn(customId);
        when(event.reply(anyString())).thenReturn(reply);
        return event;
    }
}
