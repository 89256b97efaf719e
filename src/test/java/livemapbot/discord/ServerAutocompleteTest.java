package livemapbot.discord;

import livemapbot.cad.CadClient;
import livemapbot.cad.CallPacer;
import livemapbot.cad.ServerDirectory;
import livemapbot.cad.ServerEntry;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.requests.restaction.interactions.AutoCompleteCallbackAction;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class ServerAutocompleteTest {
    private static final long VIEW_ROLE = 7;

    @Test
    void atMost25ChoicesMatchingTheIdOrANamePart() {
        List<ServerEntry> servers = new ArrayList<>();
        IntStream.rangeClosed(1, 40).forEach(i -> servers.add(ServerEntry.of(i, i % 2 == 0 ? "Police " + i : "Fire " + i)));

        assertEquals(25, ServerAutocomplete.choices(servers, "").size());
        List<Command.Choice> ones = ServerAutocomplete.choices(servers, "#1");
        assertEquals(List.of(1L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L),
                ones.stream().map(Command.Choice::getAsLong).toList());
        List<Command.Choice> police = ServerAutocomplete.choices(servers, "POLICE");
        assertEquals(20, police.size());
        assertTrue(police.stream().allMatch(c -> c.getName().contains("Police")));
        assertEquals("#2 Police 2", police.get(0).getName());
    }

    @Test
    void labelsAreCutToDiscordsLimit() {
        String label = ServerAutocomplete.label(ServerEntry.of(3, "x".repeat(300)));
        assertEquals(100, label.length());
        assertTrue(label.endsWith("…"));
    }

    /** The label is cut by the bot's one truncation routine: an emoji at the limit is dropped whole. */
    @Test
    void aLabelCutAtAnEmojiKeepsNoHalfOfIt() {
        // "#3 " + 95 letters = 98 chars; the emoji's two chars sit at 98 and 99, across the old cut at 99.
        String label = ServerAutocomplete.label(ServerEntry.of(3, "x".repeat(95) + "😀".repeat(5)));
        assertTrue(label.length() <= 100, label);
        assertEquals("#3 " + "x".repeat(95) + "…", label);
    }

    @Test
    void membersWhoMayNotViewGetNoChoicesAndCauseNoRead() {
        CadClient cad = mock(CadClient.class);
        ServerDirectory directory = new ServerDirectory(cad, Duration.ofSeconds(30),
                new CallPacer(100, Duration.ofSeconds(1), Duration.ZERO, System::nanoTime, d -> { }), Clock.systemUTC());
        ServerAutocomplete autocomplete = new ServerAutocomplete(directory, Runnable::run,
                new Access(Set.of(VIEW_ROLE), Set.of(), Set.of()));
        CommandAutoCompleteInteractionEvent event = mock(CommandAutoCompleteInteractionEvent.class);
        Member member = mock(Member.class);
        when(member.getRoles()).thenReturn(List.<Role>of());
        when(event.getMember()).thenReturn(member);
        AutoCompleteCallbackAction action = mock(AutoCompleteCallbackAction.class, RETURNS_SELF);
        when(event.replyChoices(anyCollection())).thenReturn(action);

        autocomplete.reply(event);

        verify(event).replyChoices(List.<Command.Choice>of());
        verify(action).queue();
        verifyNoInteractions(cad);
    }

}
