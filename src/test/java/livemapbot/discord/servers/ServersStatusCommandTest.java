package livemapbot.discord.servers;

import livemapbot.cad.CadClient;
import livemapbot.cad.CallPacer;
import livemapbot.cad.ServerDirectory;
import livemapbot.discord.Access;
import livemapbot.discord.BotContext;
import livemapbot.status.StatusProbes;
import livemapbot.testing.RecordingExecutor;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageEditAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import static livemapbot.discord.servers.TestServers.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * {@code /servers} with the live status (issue 11): a probe never delays the acknowledgement, the
 * first answer after a CAD read waits at most the budget, and the message is edited with the
 * verdicts once the probes finish. Probes run on a {@link RecordingExecutor}: they are "under way"
 * until the test runs them.
 */
@SuppressWarnings("unchecked")
class ServersStatusCommandTest {
    private static final long VIEW_ROLE = 111L;
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration LONG_BUDGET = Duration.ofHours(1);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final CadClient client = mock(CadClient.class);
    private final RecordingExecutor workers = new RecordingExecutor();
    private final RecordingExecutor probeWorkers = new RecordingExecutor();
    private final StatusFixtures.ScriptedProber prober = new StatusFixtures.ScriptedProber(clock);
    private final InteractionHook hook = mock(InteractionHook.class);
    private final WebhookMessageEditAction<Message> edit = mock(WebhookMessageEditAction.class, RETURNS_SELF);
    private final ReplyCallbackAction reply = mock(ReplyCallbackAction.class, RETURNS_SELF);
    private final ReplyCallbackAction defer = mock(ReplyCallbackAction.class, RETURNS_SELF);
    private ServerDirectory directory;

    @BeforeEach
    void setUp() throws Exception {
        directory = new ServerDirectory(client, Duration.ofSeconds(30),
                new CallPacer(1000, Duration.ofSeconds(1), Duration.ZERO, System::nanoTime, d -> { }), clock);
        when(client.listServers()).thenReturn(List.of(server(1, "Main"), server(2, "Second")));
        when(hook.editOriginalEmbeds(anyCollection())).thenReturn(edit);
    }

    private ServersCommand command(Duration budget) {
        Access access = new Access(Set.of(VIEW_ROLE), Set.of(), Set.of());
        BotContext ctx = new BotContext(null, directory, access, null, workers, clock);
        return new ServersCommand(ctx, new LiveStatus(new StatusProbes(prober, clock, probeWorkers), clock, budget));
    }

    @Test
    void fromAFreshCacheTheReplyIsTheAcknowledgementWithoutWaitingForProbesAndIsEditedWithTheVerdicts()
            throws Exception {
        directory.servers(); // the list is fresh: the fast path
        ServersCommand command = command(LONG_BUDGET);
        SlashCommandInteractionEvent event = slash(null);

        command.onSlash(event);

        // Acknowledged in the same call, while both probes are still under way.
        verify(event, never()).deferReply();
        verify(reply).queue();
        assertEquals(2, probeWorkers.pending(), "the probes were started, not awaited");
        assertEquals(List.of(ServerEmbeds.CHECKING, ServerEmbeds.CHECKING), statusLines(captureReply(event)));
        verifyNoInteractions(hook);

        probeWorkers.runAll();

        List<MessageEmbed> edited = single(capturedEdits());
        assertEquals(List.of("#1 Main", "#2 Second"), edited.stream().map(MessageEmbed::getTitle).toList());
        for (String line : statusLines(edited)) {
            assertEquals("🟢 Online · 12/64 players · sonorancad 4.0.104 · push path OK · checked just now", line);
        }
    }

    @Test
    void freshStatusIsShownInTheReplyItselfAndNeedsNoEdit() throws Exception {
        directory.servers();
        ServersCommand command = command(LONG_BUDGET);
        command.onSlash(slash(null));
        probeWorkers.runAll();
        when(hook.editOriginalEmbeds(anyCollection())).thenReturn(edit);

        SlashCommandInteractionEvent second = slash(null);
        InteractionHook secondHook = mock(InteractionHook.class);
        when(second.getHook()).thenReturn(secondHook);
        command.onSlash(second);

        assertEquals(0, probeWorkers.pending(), "one probe per server per minute");
        assertEquals(2, prober.probes.get());
        statusLines(captureReply(second)).forEach(line -> assertEquals(
                "🟢 Online · 12/64 players · sonorancad 4.0.104 · push path OK · checked just now", line));
        verifyNoInteractions(secondHook);
    }

    @Test
    void afterACadReadProbesThatFinishInsideTheBudgetAreShownInOneAnswer() {
        ServersCommand command = command(LONG_BUDGET);
        SlashCommandInteractionEvent event = slash(null);

        command.onSlash(event);
        verify(defer).queue();
        workers.runAll(); // the CAD read; the probes start
        verify(hook, never()).editOriginalEmbeds(anyCollection());

        probeWorkers.runAll();

        List<MessageEmbed> shown = single(capturedEdits());
        statusLines(shown).forEach(line -> assertEquals(
                "🟢 Online · 12/64 players · sonorancad 4.0.104 · push path OK · checked just now", line));
    }

    @Test
    void afterACadReadTheAnswerDoesNotWaitPastTheBudgetAndIsEditedWhenTheProbesFinish() {
        ServersCommand command = command(Duration.ZERO); // the budget has passed before any probe finished
        prober.answer(2, livemapbot.status.ProbeVerdict.UNREACHABLE);

        command.onSlash(slash(null));
        workers.runAll();

        List<MessageEmbed> first = single(capturedEdits());
        assertEquals(List.of(ServerEmbeds.CHECKING, ServerEmbeds.CHECKING), statusLines(first));

        probeWorkers.runAll();

        List<List<MessageEmbed>> edits = capturedEdits(2);
        assertEquals(List.of("🟢 Online · 12/64 players · sonorancad 4.0.104 · push path OK · checked just now",
                "🔴 Unreachable from the bot (timed out) · checked just now"), statusLines(edits.get(1)));
    }

    @Test
    void theDetailViewProbesOnlyTheServerItShows() {
        ServersCommand command = command(LONG_BUDGET);
        command.onSlash(slash(2L));
        workers.runAll();
        probeWorkers.runAll();

        assertEquals(1, prober.probes.get());
        MessageEmbed detail = single(single(capturedEdits()));
        assertEquals("#2 Second", detail.getTitle());
        assertEquals(3, detail.getFields().stream().filter(f -> f.getName().startsWith("✅ ")).count(),
                "the three checks, each on its own");
    }

    @Test
    void aPageClickWhileProbesRunIsNotUndoneByTheOlderStatusEdit() throws Exception {
        List<livemapbot.cad.ServerEntry> twelve = new java.util.ArrayList<>();
        for (int id = 1; id <= 12; id++) {
            twelve.add(server(id, "S" + id));
        }
        when(client.listServers()).thenReturn(twelve);
        directory.servers();
        ServersCommand command = command(LONG_BUDGET);
        SlashCommandInteractionEvent slash = slash(null);
        when(slash.getIdLong()).thenReturn(777L);
        command.onSlash(slash); // page 1 of 2, probes under way

        net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent click =
                mock(net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent.class);
        Role role = mock(Role.class);
        when(role.getIdLong()).thenReturn(VIEW_ROLE);
        Member member = mock(Member.class);
        when(member.getRoles()).thenReturn(List.of(role));
        when(click.getMember()).thenReturn(member);
        when(click.deferEdit()).thenReturn(mock(
                net.dv8tion.jda.api.requests.restaction.interactions.MessageEditCallbackAction.class, RETURNS_SELF));
        InteractionHook clickHook = mock(InteractionHook.class);
        WebhookMessageEditAction<Message> clickEdit = mock(WebhookMessageEditAction.class, RETURNS_SELF);
        when(clickHook.editOriginalEmbeds(anyCollection())).thenReturn(clickEdit);
        when(click.getHook()).thenReturn(clickHook);
        Message message = mock(Message.class);
        Message.InteractionMetadata metadata = mock(Message.InteractionMetadata.class);
        when(metadata.getIdLong()).thenReturn(777L);
        when(message.getInteractionMetadata()).thenReturn(metadata);
        when(click.getMessage()).thenReturn(message);

        command.onButton(click, new livemapbot.discord.ComponentId(ServersCommand.NAME, ServerPages.ACTION, "1",
                NOW.plus(ServerPages.BUTTON_LIFETIME)));
        probeWorkers.runAll();

        verify(hook, never()).editOriginalEmbeds(anyCollection());
        ArgumentCaptor<Collection<? extends MessageEmbed>> captor = ArgumentCaptor.forClass(Collection.class);
        verify(clickHook).editOriginalEmbeds(captor.capture());
        List<MessageEmbed> page2 = List.copyOf(captor.getValue());
        assertEquals("#11 S11", page2.get(0).getTitle(), "the clicked page stays");
        statusLines(page2).forEach(line -> assertEquals(
                "🟢 Online · 12/64 players · sonorancad 4.0.104 · push path OK · checked just now", line));
    }

    // ---- helpers ----

    private SlashCommandInteractionEvent slash(Long serverOption) {
        SlashCommandInteractionEvent event = mock(SlashCommandInteractionEvent.class);
        Role role = mock(Role.class);
        when(role.getIdLong()).thenReturn(VIEW_ROLE);
        Member member = mock(Member.class);
        when(member.getRoles()).thenReturn(List.of(role));
        when(event.getMember()).thenReturn(member);
        when(event.replyEmbeds(anyCollection())).thenReturn(reply);
        when(event.deferReply()).thenReturn(defer);
        when(event.getHook()).thenReturn(hook);
        if (serverOption != null) {
            OptionMapping option = mock(OptionMapping.class);
            when(option.getAsLong()).thenReturn(serverOption);
            when(event.getOption(ServersCommand.OPTION_SERVER)).thenReturn(option);
        }
        return event;
    }

    private static List<String> statusLines(List<MessageEmbed> embeds) {
        return embeds.stream().map(e -> e.getFields().stream()
                .filter(f -> ServerEmbeds.LIVE_STATUS.equals(f.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no status on " + e.getTitle())).getValue()).toList();
    }

    private List<MessageEmbed> captureReply(SlashCommandInteractionEvent event) {
        ArgumentCaptor<Collection<? extends MessageEmbed>> captor = ArgumentCaptor.forClass(Collection.class);
        verify(event).replyEmbeds(captor.capture());
        return List.copyOf(captor.getValue());
    }

    private List<List<MessageEmbed>> capturedEdits(int expected) {
        ArgumentCaptor<Collection<? extends MessageEmbed>> captor = ArgumentCaptor.forClass(Collection.class);
        verify(hook, times(expected)).editOriginalEmbeds(captor.capture());
        return captor.getAllValues().stream().map(c -> (List<MessageEmbed>) List.copyOf(c)).toList();
    }

    private List<List<MessageEmbed>> capturedEdits() {
        return capturedEdits(1);
    }

    private static <T> T single(List<T> items) {
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }
}
