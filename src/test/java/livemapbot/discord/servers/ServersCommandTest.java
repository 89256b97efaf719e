package livemapbot.discord.servers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.CadClient;
import livemapbot.testing.RecordingExecutor;
import livemapbot.cad.CadException;
import livemapbot.cad.CallPacer;
import livemapbot.cad.ServerDirectory;
import livemapbot.cad.ServerEntry;
import livemapbot.discord.Access;
import livemapbot.discord.BotContext;
import livemapbot.discord.ComponentId;
import net.dv8tion.jda.api.components.MessageTopLevelComponent;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.tree.MessageComponentTree;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.AutoCompleteQuery;
import net.dv8tion.jda.api.interactions.commands.Command;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageCreateAction;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageEditAction;
import net.dv8tion.jda.api.requests.restaction.interactions.AutoCompleteCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.MessageEditCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static livemapbot.discord.servers.TestServers.documented;
import static livemapbot.discord.servers.TestServers.entry;
import static livemapbot.discord.servers.TestServers.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

@SuppressWarnings("unchecked")
class ServersCommandTest {
    private static final long VIEW_ROLE = 111L;
    private static final long OTHER_ROLE = 999L;
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final CadClient client = mock(CadClient.class);
    private final RecordingExecutor workers = new RecordingExecutor();
    private ServersCommand command;

    private final InteractionHook hook = mock(InteractionHook.class);
    private final WebhookMessageEditAction<Message> edit = mock(WebhookMessageEditAction.class, RETURNS_SELF);
    private final WebhookMessageCreateAction<Message> followUp = mock(WebhookMessageCreateAction.class, RETURNS_SELF);
    private final RestAction<Void> delete = mock(RestAction.class);
    private final ReplyCallbackAction reply = mock(ReplyCallbackAction.class, RETURNS_SELF);
    private final ReplyCallbackAction defer = mock(ReplyCallbackAction.class, RETURNS_SELF);
    private final MessageEditCallbackAction deferEdit = mock(MessageEditCallbackAction.class, RETURNS_SELF);

    @BeforeEach
    void setUp() {
        ServerDirectory directory = new ServerDirectory(client, Duration.ofSeconds(30),
                new CallPacer(1000, Duration.ofSeconds(1), Duration.ZERO, System::nanoTime, d -> { }), clock);
        Access access = new Access(Set.of(VIEW_ROLE), Set.of(), Set.of());
        command = new ServersCommand(new BotContext(null, directory, access, null, workers, clock));

        when(hook.editOriginalEmbeds(anyCollection())).thenReturn(edit);
        when(hook.sendMessageEmbeds(anyCollection())).thenReturn(followUp);
        when(hook.sendMessage(anyString())).thenReturn(followUp);
        when(hook.deleteOriginal()).thenReturn(delete);
        // The delete "succeeds" as soon as it is queued.
        doAnswer(inv -> {
            ((Consumer<Void>) inv.getArgument(0)).accept(null);
            return null;
        }).when(delete).queue(any(), any());
    }

    // ---- definition ----

    @Test
    void definitionIsAGuildOnlyCommandWithAnOptionalAutocompletedServerOption() {
        SlashCommandData data = command.definition();
        assertEquals("servers", data.getName());
        assertEquals("servers", command.name());
        assertEquals(Set.of(InteractionContextType.GUILD), data.getContexts());
        OptionData option = data.getOptions().get(0);
        assertEquals(ServersCommand.OPTION_SERVER, option.getName());
        assertEquals(OptionType.INTEGER, option.getType());
        assertFalse(option.isRequired());
        assertTrue(option.isAutoComplete());
    }

    // ---- slash ----

    @Test
    void aMemberWithoutTheRoleIsRefusedEphemerallyWithoutAnyCadCall() throws Exception {
        SlashCommandInteractionEvent event = slash(OTHER_ROLE, null);

        command.onSlash(event);

        MessageEmbed refusal = single(captureReplyEmbeds(event));
        assertTrue(refusal.getDescription().contains("<@&" + VIEW_ROLE + ">"), refusal.getDescription());
        verify(reply).setEphemeral(true);
        verify(reply).queue();
        verify(event, never()).deferReply();
        assertEquals(0, workers.pending());
        workers.runAll();
        verifyNoInteractions(client);
    }

    @Test
    void aFreshCachedListIsTheReplyItselfWithoutDeferralOrCadCall() throws Exception {
        when(client.listServers()).thenReturn(List.of(server(1, "Main"), server(2, "Second")));
        command.onSlash(slash(VIEW_ROLE, null));
        workers.runAll();
        clearInvocations(client);

        SlashCommandInteractionEvent second = slash(VIEW_ROLE, null);
        command.onSlash(second);

        verify(second, never()).deferReply();
        assertEquals(List.of("#1 Main", "#2 Second"),
                captureReplyEmbeds(second).stream().map(MessageEmbed::getTitle).toList());
        verify(reply, never()).setEphemeral(true);
        assertEquals(0, workers.pending());
        verifyNoInteractions(client);

        SlashCommandInteractionEvent unknown = slash(VIEW_ROLE, 9L);
        command.onSlash(unknown);
        assertTrue(single(captureReplyEmbeds(unknown)).getDescription().contains("There is no server #9"));
        verify(reply).setEphemeral(true);
        verifyNoInteractions(client);
    }

    @Test
    void theReplyIsDeferredOnTheEventThreadAndTheCadIsReadOnAWorker() throws Exception {
        when(client.listServers()).thenReturn(List.of(server(1, "Main"), server(2, "Second")));
        SlashCommandInteractionEvent event = slash(VIEW_ROLE, null);

        command.onSlash(event);

        verify(defer).queue();
        verify(defer, never()).setEphemeral(true);
        verifyNoInteractions(client);
        verifyNoInteractions(hook);
        assertEquals(1, workers.pending());

        workers.runAll();

        InOrder order = inOrder(defer, client, hook, edit);
        order.verify(defer).queue();
        order.verify(client).listServers();
        order.verify(hook).editOriginalEmbeds(anyCollection());
        order.verify(edit).queue();
        List<MessageEmbed> shown = captureEdited();
        assertEquals(List.of("#1 Main", "#2 Second"), shown.stream().map(MessageEmbed::getTitle).toList());
        assertEquals(List.of(), captureComponents());
        verify(hook, never()).deleteOriginal();
    }

    @Test
    void manyServersAreShownAsTheFirstPageWithPageButtons() throws Exception {
        when(client.listServers()).thenReturn(longServers(40));
        SlashCommandInteractionEvent event = slash(VIEW_ROLE, null);

        command.onSlash(event);
        workers.runAll();

        ServerPages expected = ServerPages.of(ServerEmbeds.overview(
                new livemapbot.cad.ServerList(longServers(40), NOW)));
        assertEquals(expected.page(0), captureEdited());
        List<Button> buttons = buttonsOf(captureComponents());
        assertEquals(2, buttons.size());
        assertTrue(buttons.get(0).isDisabled());
        ComponentId next = ComponentId.parse(buttons.get(1).getCustomId()).orElseThrow();
        assertEquals("1", next.arg());
        assertEquals(NOW.plus(ServerPages.BUTTON_LIFETIME), next.expiresAt());
    }

    @Test
    void anEmptyListGetsAFriendlyCard() throws Exception {
        when(client.listServers()).thenReturn(List.of());
        command.onSlash(slash(VIEW_ROLE, null));
        workers.runAll();
        assertEquals("No servers are configured in the CAD", single(captureEdited()).getTitle());
    }

    @Test
    void aCadFailureDeletesThePublicPlaceholderAndExplainsEphemerally() throws Exception {
        when(client.listServers()).thenThrow(new CadException(CadException.Kind.UNAVAILABLE,
                "Sonoran CAD is not answering; try again in a few minutes.",
                "GET_SERVERS: connect to 127.0.0.1:1 timed out"));
        SlashCommandInteractionEvent event = slash(VIEW_ROLE, null);

        command.onSlash(event);
        workers.runAll();

        InOrder order = inOrder(delete, hook, followUp);
        order.verify(delete).queue(any(), any());
        order.verify(hook).sendMessageEmbeds(anyCollection());
        order.verify(followUp).setEphemeral(true);
        order.verify(followUp).queue();
        MessageEmbed error = single(captureFollowUp());
        assertEquals(ServersCommand.READ_FAILED, error.getTitle());
        assertEquals("Sonoran CAD is not answering; try again in a few minutes.", error.getDescription());
        verify(hook, never()).editOriginalEmbeds(anyCollection());
    }

    @Test
    void theErrorFollowsEvenWhenThePlaceholderCannotBeDeleted() throws Exception {
        doAnswer(inv -> {
            ((Consumer<Throwable>) inv.getArgument(1)).accept(new IllegalStateException("gone"));
            return null;
        }).when(delete).queue(any(), any());
        when(client.listServers()).thenThrow(new CadException(CadException.Kind.RATE_LIMITED,
                "Too many Sonoran calls in a short time; try again in 5 s.", "pace"));

        command.onSlash(slash(VIEW_ROLE, null));
        workers.runAll();

        assertEquals("Too many Sonoran calls in a short time; try again in 5 s.",
                single(captureFollowUp()).getDescription());
        verify(followUp).setEphemeral(true);
    }

    @Test
    void aWorkerPoolThatIsShuttingDownStillAnswersTheDeferredReply() {
        workers.shutdown();
        command.onSlash(slash(VIEW_ROLE, null));

        verify(defer).queue();
        assertEquals("The bot is restarting; try again in a minute.", single(captureFollowUp()).getDescription());
        verify(followUp).setEphemeral(true);
        verifyNoInteractions(client);
    }

    @Test
    void oneServerIsShownInDetail() throws Exception {
        ObjectNode second = documented(2, "Second");
        second.put("signal", "10-99");
        second.put("liveMapFormat", 1);
        when(client.listServers()).thenReturn(List.of(server(1, "Main"), entry(second)));

        command.onSlash(slash(VIEW_ROLE, 2L));
        workers.runAll();

        MessageEmbed detail = single(captureEdited());
        assertEquals("#2 Second", detail.getTitle());
        List<String> names = detail.getFields().stream().map(MessageEmbed.Field::getName).toList();
        assertTrue(names.containsAll(List.of("Signal", "Static", "liveMapFormat")), names.toString());
        assertEquals(List.of(), captureComponents());
    }

    @Test
    void anUnknownServerIdIsAnEphemeralError() throws Exception {
        when(client.listServers()).thenReturn(List.of(server(1, "Main")));

        command.onSlash(slash(VIEW_ROLE, 99L));
        workers.runAll();

        verify(delete).queue(any(), any());
        MessageEmbed error = single(captureFollowUp());
        assertEquals("Unknown server", error.getTitle());
        assertTrue(error.getDescription().startsWith("There is no server #99 "), error.getDescription());
        verify(followUp).setEphemeral(true);
        verify(hook, never()).editOriginalEmbeds(anyCollection());
    }

    @Test
    void anIdBeyondTheIntRangeIsUnknownRatherThanACrash() throws Exception {
        when(client.listServers()).thenReturn(List.of(server(1, "Main")));
        command.onSlash(slash(VIEW_ROLE, 1L + Integer.MAX_VALUE));
        workers.runAll();
        assertTrue(single(captureFollowUp()).getDescription().startsWith("There is no server #2147483648 "));
    }

    // ---- page buttons ----

    @Test
    void aPageClickReChecksAccessAndRefusesWithoutACadCall() {
        ButtonInteractionEvent event = button(OTHER_ROLE);

        command.onButton(event, pageId("1", NOW.plusSeconds(60)));

        verify(event).replyEmbeds(anyCollection());
        verify(reply).setEphemeral(true);
        verify(event, never()).deferEdit();
        assertEquals(0, workers.pending());
        verifyNoInteractions(client);
    }

    @Test
    void aPageClickDefersTheEditAndShowsThatPage() throws Exception {
        when(client.listServers()).thenReturn(longServers(40));
        ButtonInteractionEvent event = button(VIEW_ROLE);

        command.onButton(event, pageId("2", NOW.plusSeconds(60)));

        verify(deferEdit).queue();
        verifyNoInteractions(client);
        workers.runAll();

        InOrder order = inOrder(deferEdit, client, edit);
        order.verify(deferEdit).queue();
        order.verify(client).listServers();
        order.verify(edit).queue();
        ServerPages expected = ServerPages.of(ServerEmbeds.overview(
                new livemapbot.cad.ServerList(longServers(40), NOW)));
        assertEquals(expected.page(2), captureEdited());
        List<Button> buttons = buttonsOf(captureComponents());
        assertEquals("1", ComponentId.parse(buttons.get(0).getCustomId()).orElseThrow().arg());
        assertEquals("3", ComponentId.parse(buttons.get(1).getCustomId()).orElseThrow().arg());
    }

    @Test
    void aPageBeyondAListThatShrankIsClamped() throws Exception {
        when(client.listServers()).thenReturn(List.of(server(1, "Only")));

        command.onButton(button(VIEW_ROLE), pageId("7", NOW.plusSeconds(60)));
        workers.runAll();

        assertEquals("#1 Only", single(captureEdited()).getTitle());
        assertEquals(List.of(), captureComponents());
    }

    @Test
    void anExpiredPageButtonIsDisabledAndTheClickerToldEphemerally() throws Exception {
        ButtonInteractionEvent event = button(VIEW_ROLE);
        ServerPages pages = ServerPages.of(ServerEmbeds.overview(new livemapbot.cad.ServerList(longServers(40), NOW)));
        List<ActionRow> live = pages.buttons(ServersCommand.NAME, 1, NOW.minusSeconds(1));
        Message message = mock(Message.class);
        when(message.getComponentTree()).thenReturn(MessageComponentTree.of(live));
        when(event.getMessage()).thenReturn(message);

        command.onButton(event, pageId("2", NOW.minusSeconds(1)));

        ArgumentCaptor<Collection<? extends MessageTopLevelComponent>> components = ArgumentCaptor.forClass(Collection.class);
        verify(deferEdit).setComponents(components.capture());
        verify(deferEdit).queue();
        List<Button> disabled = buttonsOf(new ArrayList<>(components.getValue()));
        assertEquals(2, disabled.size());
        disabled.forEach(b -> assertTrue(b.isDisabled(), b.getLabel()));
        verify(hook).sendMessage(ServersCommand.EXPIRED);
        verify(followUp).setEphemeral(true);
        assertEquals(0, workers.pending());
        verifyNoInteractions(client);
    }

    @Test
    void aCadFailureOnAPageClickIsAnEphemeralFollowUpAndTheMessageStays() throws Exception {
        when(client.listServers()).thenThrow(new CadException(CadException.Kind.UNAVAILABLE,
                "Sonoran CAD is not answering; try again in a few minutes.", "detail"));

        command.onButton(button(VIEW_ROLE), pageId("1", NOW.plusSeconds(60)));
        workers.runAll();

        assertEquals("Sonoran CAD is not answering; try again in a few minutes.",
                single(captureFollowUp()).getDescription());
        verify(followUp).setEphemeral(true);
        verify(hook, never()).deleteOriginal();
        verify(hook, never()).editOriginalEmbeds(anyCollection());
    }

    @Test
    void aButtonWithAnUnreadablePageIsRefused() {
        ButtonInteractionEvent event = button(VIEW_ROLE);
        when(event.reply(anyString())).thenReturn(reply);

        command.onButton(event, new ComponentId("servers", "page", "x", NOW.plusSeconds(60)));

        verify(event).reply(livemapbot.discord.Replies.DEAD_BUTTON);
        verify(reply).setEphemeral(true);
        assertEquals(0, workers.pending());
    }

    // ---- autocomplete ----

    @Test
    void autocompleteOffersNothingToMembersWhoMayNotView() throws Exception {
        when(client.listServers()).thenReturn(List.of(server(1, "Main")));
        CommandAutoCompleteInteractionEvent event = autocomplete(OTHER_ROLE);

        command.onAutocomplete(event);

        assertEquals(List.of(), captureChoices(event));
        verifyNoInteractions(client);
    }

    @Test
    void autocompleteOffersTheCachedServersToViewers() throws Exception {
        when(client.listServers()).thenReturn(List.of(server(1, "Main"), server(2, "Second")));
        // Fill the cache the way /servers would.
        command.onSlash(slash(VIEW_ROLE, null));
        workers.runAll();

        CommandAutoCompleteInteractionEvent event = autocomplete(VIEW_ROLE);
        command.onAutocomplete(event);

        assertEquals(List.of("#1 Main", "#2 Second"),
                captureChoices(event).stream().map(Command.Choice::getName).toList());
    }

    // ---- helpers ----

    private static List<ServerEntry> longServers(int count) {
        List<ServerEntry> servers = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ObjectNode node = documented(i, "Server " + i);
            node.put("description", "d".repeat(1000));
            servers.add(entry(node));
        }
        return servers;
    }

    private static Member member(long roleId) {
        Role role = mock(Role.class);
        when(role.getIdLong()).thenReturn(roleId);
        Member member = mock(Member.class);
        when(member.getRoles()).thenReturn(List.of(role));
        return member;
    }

    private SlashCommandInteractionEvent slash(long roleId, Long serverOption) {
        SlashCommandInteractionEvent event = mock(SlashCommandInteractionEvent.class);
        Member member = member(roleId);
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

    private ButtonInteractionEvent button(long roleId) {
        ButtonInteractionEvent event = mock(ButtonInteractionEvent.class);
        Member member = member(roleId);
        when(event.getMember()).thenReturn(member);
        when(event.replyEmbeds(anyCollection())).thenReturn(reply);
        when(event.deferEdit()).thenReturn(deferEdit);
        when(event.getHook()).thenReturn(hook);
        return event;
    }

    private CommandAutoCompleteInteractionEvent autocomplete(long roleId) {
        CommandAutoCompleteInteractionEvent event = mock(CommandAutoCompleteInteractionEvent.class);
        Member member = member(roleId);
        when(event.getMember()).thenReturn(member);
        AutoCompleteQuery query = mock(AutoCompleteQuery.class);
        when(query.getName()).thenReturn(ServersCommand.OPTION_SERVER);
        when(query.getValue()).thenReturn("");
        when(event.getFocusedOption()).thenReturn(query);
        when(event.replyChoices(anyCollection())).thenReturn(mock(AutoCompleteCallbackAction.class, RETURNS_SELF));
        return event;
    }

    private static ComponentId pageId(String page, Instant expiresAt) {
        return new ComponentId(ServersCommand.NAME, ServerPages.ACTION, page, expiresAt);
    }

    private List<MessageEmbed> captureReplyEmbeds(SlashCommandInteractionEvent event) {
        ArgumentCaptor<Collection<? extends MessageEmbed>> captor = ArgumentCaptor.forClass(Collection.class);
        verify(event).replyEmbeds(captor.capture());
        return List.copyOf(captor.getValue());
    }

    private List<MessageEmbed> captureEdited() {
        ArgumentCaptor<Collection<? extends MessageEmbed>> captor = ArgumentCaptor.forClass(Collection.class);
        verify(hook).editOriginalEmbeds(captor.capture());
        return List.copyOf(captor.getValue());
    }

    private List<MessageTopLevelComponent> captureComponents() {
        ArgumentCaptor<Collection<? extends MessageTopLevelComponent>> captor = ArgumentCaptor.forClass(Collection.class);
        verify(edit).setComponents(captor.capture());
        return List.copyOf(captor.getValue());
    }

    private List<MessageEmbed> captureFollowUp() {
        ArgumentCaptor<Collection<? extends MessageEmbed>> captor = ArgumentCaptor.forClass(Collection.class);
        verify(hook).sendMessageEmbeds(captor.capture());
        return List.copyOf(captor.getValue());
    }

    private static List<Command.Choice> captureChoices(CommandAutoCompleteInteractionEvent event) {
        ArgumentCaptor<Collection<Command.Choice>> captor = ArgumentCaptor.forClass(Collection.class);
        verify(event).replyChoices(captor.capture());
        return List.copyOf(captor.getValue());
    }

    private static List<Button> buttonsOf(List<? extends MessageTopLevelComponent> components) {
        List<Button> buttons = new ArrayList<>();
        for (MessageTopLevelComponent component : components) {
            buttons.addAll(((ActionRow) component).getButtons());
        }
        return buttons;
    }

    private static MessageEmbed single(List<MessageEmbed> embeds) {
        assertEquals(1, embeds.size(), embeds.toString());
        return embeds.get(0);
    }
}
