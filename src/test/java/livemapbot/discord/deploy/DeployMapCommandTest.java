package livemapbot.discord.deploy;

import livemapbot.testing.TestSettings;
import livemapbot.testing.MutableClock;
import livemapbot.audit.AuditRecord;
import livemapbot.audit.AuditTrail;
import livemapbot.cad.CadClient;
import livemapbot.cad.CadException;
import livemapbot.cad.WriteOutcomeUnknownException;
import livemapbot.cad.CallPacer;
import livemapbot.cad.ServerDirectory;
import livemapbot.cad.ServerEntry;
import livemapbot.config.Settings;
import livemapbot.discord.Access;
import livemapbot.discord.BotContext;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.restaction.MessageCreateAction;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageEditAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class DeployMapCommandTest {
    private static final long GUILD = 1L;
    private static final long DEPLOY_ROLE = 10L;
    private static final long OTHER_ROLE = 11L;
    private static final long ANNOUNCE = 500L;
    private static final long HERE = 600L;
    private static final String JUMP_URL = "https://discord.com/channels/1/500/900";
    private static final List<ServerEntry> SERVERS = List.of(
            DeployAnnouncementTest.server(1, "Main", true, "NORMAL"),
            DeployAnnouncementTest.server(2, "Second", false, "POSTAL"));

    private final CadClient client = mock(CadClient.class);
    private final AuditTrail audit = mock(AuditTrail.class, org.mockito.Mockito.CALLS_REAL_METHODS); // begin() as without a store
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-02T03:00:00Z"));
    private ExecutorService workers = Executors.newSingleThreadExecutor();

    private final Guild guild = mock(Guild.class);
    private final GuildMessageChannel announceChannel = mock(GuildMessageChannel.class);
    private final GuildMessageChannel hereChannel = mock(GuildMessageChannel.class);
    private final MessageCreateAction post = mock(MessageCreateAction.class, RETURNS_SELF);

    @SuppressWarnings("unchecked")
    private final WebhookMessageEditAction<Message> edit = mock(WebhookMessageEditAction.class, RETURNS_SELF);

    @AfterEach
    void tearDown() {
        workers.shutdownNow();
    }

    private DeployMapCommand command(OptionalLong announceChannelId) throws CadException {
        when(client.listServers()).thenReturn(SERVERS);
        Settings settings = TestSettings.builder().guild(GUILD).announceChannel(announceChannelId)
                .roles(Set.of(), Set.of(), Set.of(DEPLOY_ROLE)).deployCooldown(Duration.ofMinutes(5)).build();
        ServerDirectory directory = new ServerDirectory(client, Duration.ZERO,
                new CallPacer(1000, Duration.ofSeconds(1), Duration.ZERO, System::nanoTime, d -> { }), clock);
        BotContext ctx = new BotContext(settings, directory, Access.from(settings), audit, workers, clock);
        when(guild.getChannelById(GuildMessageChannel.class, ANNOUNCE)).thenReturn(announceChannel);
        when(announceChannel.getIdLong()).thenReturn(ANNOUNCE);
        when(hereChannel.getIdLong()).thenReturn(HERE);
        when(announceChannel.sendMessageEmbeds(anyCollection())).thenReturn(post);
        when(hereChannel.sendMessageEmbeds(anyCollection())).thenReturn(post);
        gate = new DeployGate(settings.deployCooldown(), clock);
        return new DeployMapCommand(ctx, gate);
    }

    /** The gate of the last {@link #command}. */
    private DeployGate gate;

    /** One /deploymap interaction and what it answered. */
    private final class Interaction {
        final SlashCommandInteractionEvent event = mock(SlashCommandInteractionEvent.class);
        final ReplyCallbackAction reply = mock(ReplyCallbackAction.class, RETURNS_SELF);
        final InteractionHook hook = mock(InteractionHook.class);

        Interaction(long userId, String name, long role, String note) {
            Member member = mock(Member.class);
            Role r = mock(Role.class);
            when(r.getIdLong()).thenReturn(role);
            when(member.getRoles()).thenReturn(List.of(r));
            when(member.getEffectiveName()).thenReturn(name);
            User user = mock(User.class);
            when(user.getIdLong()).thenReturn(userId);
            when(event.getMember()).thenReturn(member);
            when(event.getUser()).thenReturn(user);
            when(event.getGuild()).thenReturn(guild);
            when(event.getMessageChannel()).thenReturn(hereChannel);
            if (note != null) {
                OptionMapping option = mock(OptionMapping.class);
                when(option.getAsString()).thenReturn(note);
                when(event.getOption(DeployMapCommand.OPTION_NOTE)).thenReturn(option);
            }
            when(event.replyEmbeds(anyCollection())).thenReturn(reply);
            when(event.deferReply(anyBoolean())).thenReturn(reply);
            // queue(success, failure): Discord took the acknowledgement.
            doAnswer(inv -> {
                Consumer<Object> success = inv.getArgument(0);
                if (success != null) {
                    success.accept(null);
                }
                return null;
            }).when(reply).queue(any(), any());
            when(event.getHook()).thenReturn(hook);
            when(hook.editOriginalEmbeds(anyCollection())).thenReturn(edit);
        }

        /** The single ephemeral reply sent on the event thread. */
        MessageEmbed reply() {
            verify(reply).setEphemeral(true);
            return only(captureCollection(c -> verify(event).replyEmbeds(c.capture())));
        }

        /** The last answer through the hook (the deferred reply edited). */
        MessageEmbed answer() {
            @SuppressWarnings("unchecked")
            ArgumentCaptor<Collection<MessageEmbed>> captor = ArgumentCaptor.forClass(Collection.class);
            verify(hook, times(1)).editOriginalEmbeds(captor.capture());
            return only(captor.getValue());
        }
    }

    private static MessageEmbed only(Collection<MessageEmbed> embeds) {
        assertEquals(1, embeds.size());
        return embeds.iterator().next();
    }

    @SuppressWarnings("unchecked")
    private static Collection<MessageEmbed> captureCollection(
            Consumer<ArgumentCaptor<Collection<MessageEmbed>>> verification) {
        ArgumentCaptor<Collection<MessageEmbed>> captor = ArgumentCaptor.forClass(Collection.class);
        verification.accept(captor);
        return captor.getValue();
    }

    /** Waits until the single worker has run everything queued so far (it runs tasks in order). */
    private void awaitWorkers() throws Exception {
        workers.submit(() -> { }).get(5, TimeUnit.SECONDS);
    }

    private Interaction deployer(String note) {
        return new Interaction(42L, "Ann", DEPLOY_ROLE, note);
    }

    @SuppressWarnings("unchecked")
    private Consumer<Message> postSucceeded() {
        ArgumentCaptor<Consumer<Message>> success = ArgumentCaptor.forClass(Consumer.class);
        verify(post).queue(success.capture(), any());
        return success.getValue();
    }

    @SuppressWarnings("unchecked")
    private Consumer<Throwable> postFailed() {
        ArgumentCaptor<Consumer<Throwable>> failure = ArgumentCaptor.forClass(Consumer.class);
        verify(post).queue(any(), failure.capture());
        return failure.getValue();
    }

    private static Message message() {
        Message message = mock(Message.class);
        when(message.getJumpUrl()).thenReturn(JUMP_URL);
        return message;
    }

    private AuditRecord auditRecord() throws IOException {
        ArgumentCaptor<AuditRecord> record = ArgumentCaptor.forClass(AuditRecord.class);
        verify(audit).record(record.capture());
        return record.getValue();
    }

    @Test
    void definitionHasAnOptionalShortNoteAndIsGuildOnly() throws CadException {
        SlashCommandData data = command(OptionalLong.empty()).definition();

        assertEquals("deploymap", data.getName());
        OptionData note = data.getOptions().get(0);
        assertEquals("note", note.getName());
        assertEquals(OptionType.STRING, note.getType());
        assertEquals(false, note.isRequired());
        assertEquals(200, note.getMaxLength());
        assertEquals(Set.of(InteractionContextType.GUILD), data.getContexts());
    }

    @Test
    void memberWithoutDeployRoleIsRefusedWithoutCadCall() throws Exception {
        DeployMapCommand command = command(OptionalLong.of(ANNOUNCE));
        Interaction interaction = new Interaction(7L, "Eve", OTHER_ROLE, null);

        command.onSlash(interaction.event);
        awaitWorkers();

        MessageEmbed refusal = interaction.reply();
        assertTrue(refusal.getDescription().contains("<@&" + DEPLOY_ROLE + ">"), refusal.getDescription());
        verify(interaction.event, never()).deferReply(anyBoolean());
        verifyNoInteractions(client, audit);
    }

    /** Issue 9, "no write without a record of it": no deploy when it cannot be recorded first; a retry may go at once. */
    @Test
    void aDeployThatCannotBeRecordedFirstIsNotSentAndSaysTheDatabaseIsUnavailable() throws Exception {
        DeployMapCommand command = command(OptionalLong.of(ANNOUNCE));
        org.mockito.Mockito.doThrow(new livemapbot.audit.RecordUnavailableException("database down", null))
                .when(audit).begin(any());
        Interaction interaction = deployer("new postal codes");

        command.onSlash(interaction.event);
        awaitWorkers();

        verify(client, never()).replaceServers(any(), org.mockito.ArgumentMatchers.anyBoolean());
        verify(announceChannel, never()).sendMessageEmbeds(anyCollection());
        assertTrue(interaction.answer().getDescription().contains("The bot's database is unavailable"),
                interaction.answer().getDescription());
        assertTrue(gate.refusal().isEmpty(), "nothing deployed: no cooldown, the gate is free");
    }

    @Test
    void successDeploysOnceAnnouncesInTheConfiguredChannelAndLinksIt() throws Exception {
        DeployMapCommand command = command(OptionalLong.of(ANNOUNCE));
        Interaction interaction = deployer("new postal codes");

        command.onSlash(interaction.event);
        verify(interaction.event).deferReply(true);
        awaitWorkers();
        postSucceeded().accept(message());

        verify(client, times(1)).replaceServers(SERVERS, true);
        MessageEmbed announcement = only(captureCollection(c -> verify(announceChannel).sendMessageEmbeds(c.capture())));
        assertEquals("Live Map deployed", announcement.getTitle());
        assertTrue(announcement.getFields().stream().anyMatch(f -> f.getValue().equals("<@42> (Ann)")));
        assertTrue(announcement.getFields().stream().anyMatch(f -> f.getValue().equals("new postal codes")));
        assertEquals("#1 Main — enabled, NORMAL\n#2 Second — disabled, POSTAL", announcement.getDescription());
        verify(hereChannel, never()).sendMessageEmbeds(anyCollection());
        assertTrue(interaction.answer().getDescription().contains(JUMP_URL));

        AuditRecord record = auditRecord();
        assertEquals(new AuditRecord(clock.instant(), 42L, "Ann", "deploymap", null, List.of(), true, "success"), record);
    }

    @Test
    void auditRecordIsWrittenBeforeTheInvokerIsToldItSucceeded() throws Exception {
        DeployMapCommand command = command(OptionalLong.of(ANNOUNCE));
        Interaction interaction = deployer(null);

        command.onSlash(interaction.event);
        awaitWorkers();
        postSucceeded().accept(message());

        InOrder order = inOrder(client, audit, announceChannel, interaction.hook);
        order.verify(client).replaceServers(SERVERS, true);
        order.verify(audit).record(any());
        order.verify(announceChannel).sendMessageEmbeds(anyCollection());
        order.verify(interaction.hook).editOriginalEmbeds(anyCollection());
    }

    @Test
    void withoutAnnounceChannelItPostsWhereTheCommandWasUsed() throws Exception {
        DeployMapCommand command = command(OptionalLong.empty());
        Interaction interaction = deployer(null);

        command.onSlash(interaction.event);
        awaitWorkers();
        postSucceeded().accept(message());

        verify(hereChannel).sendMessageEmbeds(anyCollection());
        verify(guild, never()).getChannelById(eq(GuildMessageChannel.class), anyLong());
        assertTrue(interaction.answer().getDescription().contains(JUMP_URL));
    }

    @Test
    void successStartsTheCooldown() throws Exception {
        DeployMapCommand command = command(OptionalLong.of(ANNOUNCE));
        command.onSlash(deployer(null).event);
        awaitWorkers();

        Interaction second = new Interaction(43L, "Bob", DEPLOY_ROLE, null);
        command.onSlash(second.event);

        assertTrue(second.reply().getDescription().contains("deployed by Ann"), second.reply().getDescription());
        verify(second.event, never()).deferReply(anyBoolean());
        verify(client, times(1)).replaceServers(any(), anyBoolean());
    }

    @Test
    void localPermissionRefusalStillCountsTheDeployAndSaysWhy() throws Exception {
        DeployMapCommand command = command(OptionalLong.of(ANNOUNCE));
        when(announceChannel.getGuild()).thenReturn(guild);
        doThrow(new InsufficientPermissionException(announceChannel, Permission.MESSAGE_SEND))
                .when(announceChannel).sendMessageEmbeds(anyCollection());
        Interaction interaction = deployer(null);

        command.onSlash(interaction.event);
        awaitWorkers();

        verify(client).replaceServers(SERVERS, true);
        assertEquals("success", auditRecord().outcome());
        String answer = interaction.answer().getDescription();
        assertTrue(answer.startsWith("The Live Map was deployed, but the announcement could not be posted."), answer);
        assertTrue(answer.contains("The bot may not post in <#500>: give it View Channel, Send Messages and "
                + "Embed Links there."), answer);
        Interaction again = new Interaction(43L, "Bob", DEPLOY_ROLE, null);
        command.onSlash(again.event);
        assertTrue(again.reply().getDescription().contains("deployed by Ann"), "the deploy counted: cooldown");
    }

    @Test
    void restPermissionFailureStillCountsTheDeployAndSaysWhy() throws Exception {
        DeployMapCommand command = command(OptionalLong.empty());
        Interaction interaction = deployer(null);
        ErrorResponseException missing = mock(ErrorResponseException.class);
        when(missing.getErrorResponse()).thenReturn(ErrorResponse.MISSING_PERMISSIONS);

        command.onSlash(interaction.event);
        awaitWorkers();
        postFailed().accept(missing);

        verify(client).replaceServers(SERVERS, true);
        assertTrue(interaction.answer().getDescription().contains("The bot may not post in <#600>"));
    }

    @Test
    void unknownAnnounceChannelIsNamedAndTheDeployCounts() throws Exception {
        DeployMapCommand command = command(OptionalLong.of(ANNOUNCE));
        when(guild.getChannelById(GuildMessageChannel.class, ANNOUNCE)).thenReturn(null);
        Interaction interaction = deployer(null);

        command.onSlash(interaction.event);
        awaitWorkers();

        verify(client).replaceServers(SERVERS, true);
        String answer = interaction.answer().getDescription();
        assertTrue(answer.contains("announcement channel 500 (discord.announceChannelId) does not exist"), answer);
    }

    @Test
    void cadFailureAnnouncesNothingShowsTheUserMessageAndAllowsARetry() throws Exception {
        DeployMapCommand command = command(OptionalLong.of(ANNOUNCE));
        doThrow(new CadException(CadException.Kind.UNAVAILABLE, "Sonoran is not answering; try again in a minute.",
                "HTTP 503 from set_servers")).doNothing().when(client).replaceServers(any(), anyBoolean());
        Interaction interaction = deployer(null);

        command.onSlash(interaction.event);
        awaitWorkers();

        verify(announceChannel, never()).sendMessageEmbeds(anyCollection());
        MessageEmbed answer = interaction.answer();
        assertEquals("Live Map not deployed", answer.getTitle());
        assertEquals("Sonoran is not answering; try again in a minute.", answer.getDescription());
        assertEquals("unavailable", auditRecord().outcome());

        Interaction retry = deployer(null);
        command.onSlash(retry.event);
        verify(retry.event).deferReply(true);
        awaitWorkers();
        verify(client, times(2)).replaceServers(SERVERS, true);
    }

    @Test
    void aWriteWithUnknownOutcomeAnnouncesNothingButKeepsTheCooldown() throws Exception {
        DeployMapCommand command = command(OptionalLong.of(ANNOUNCE));
        doThrow(new WriteOutcomeUnknownException("Sonoran CAD did not answer properly, so the change may or may not "
                + "have been applied. Check with /servers before trying again.", "timeout after sending", null))
                .when(client).replaceServers(any(), anyBoolean());
        Interaction interaction = deployer(null);

        command.onSlash(interaction.event);
        awaitWorkers();

        verify(announceChannel, never()).sendMessageEmbeds(anyCollection());
        assertEquals("Live Map deploy: result unknown", interaction.answer().getTitle());
        assertEquals("outcome_unknown", auditRecord().outcome());
        // It may have gone through: a quick retry must not restart the map a second time.
        Interaction retry = deployer(null);
        command.onSlash(retry.event);
        verify(retry.event, never()).deferReply(true);
        verify(client, times(1)).replaceServers(any(), anyBoolean());
    }

    @Test
    void aDeployDiscordDidNotAcknowledgeIsNotMadeAndLeavesNoCooldown() throws Exception {
        DeployMapCommand command = command(OptionalLong.of(ANNOUNCE));
        Interaction late = deployer(null);
        doAnswer(inv -> {
            Consumer<Throwable> failure = inv.getArgument(1);
            failure.accept(new IllegalStateException("10062: Unknown interaction"));
            return null;
        }).when(late.reply).queue(any(), any());

        command.onSlash(late.event);
        awaitWorkers();
        verify(client, never()).replaceServers(any(), anyBoolean());

        // No cooldown and nothing left "in progress": the next deploy goes ahead.
        Interaction next = deployer(null);
        command.onSlash(next.event);
        awaitWorkers();
        verify(client, times(1)).replaceServers(SERVERS, true);
    }

    /**
     * An Error (not a RuntimeException) out of the deploy must still hand the ticket back: a gate
     * left "in progress" would refuse every /deploymap until the bot is restarted.
     */
    @Test
    void anErrorDuringTheDeployStillReleasesTheGate() throws Exception {
        DeployMapCommand command = command(OptionalLong.of(ANNOUNCE));
        doThrow(new StackOverflowError("deep in a JSON mapper")).doNothing()
                .when(client).replaceServers(any(), anyBoolean());

        command.onSlash(deployer(null).event);
        awaitWorkers();

        Interaction retry = deployer(null);
        command.onSlash(retry.event);
        verify(retry.event).deferReply(true);
        awaitWorkers();
        verify(client, times(2)).replaceServers(SERVERS, true);
    }

    @Test
    void auditFailureIsMentionedButDoesNotUndoTheDeploy() throws Exception {
        DeployMapCommand command = command(OptionalLong.of(ANNOUNCE));
        doThrow(new IOException("disk full")).when(audit).record(any());
        Interaction interaction = deployer(null);

        command.onSlash(interaction.event);
        awaitWorkers();
        postSucceeded().accept(message());

        verify(announceChannel).sendMessageEmbeds(anyCollection());
        String answer = interaction.answer().getDescription();
        assertTrue(answer.contains(JUMP_URL), answer);
        assertTrue(answer.contains("audit record could not be written"), answer);
    }

    @Test
    void secondDeployWhileTheFirstIsWritingIsToldItIsInProgress() throws Exception {
        workers = Executors.newFixedThreadPool(2);
        DeployMapCommand command = command(OptionalLong.of(ANNOUNCE));
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        doAnswer(invocation -> {
            writing.countDown();
            assertTrue(release.await(5, TimeUnit.SECONDS));
            return null;
        }).when(client).replaceServers(any(), anyBoolean());

        Interaction first = deployer(null);
        command.onSlash(first.event);
        assertTrue(writing.await(5, TimeUnit.SECONDS));
        Interaction second = new Interaction(43L, "Bob", DEPLOY_ROLE, null);
        command.onSlash(second.event);
        release.countDown();
        verify(announceChannel, timeout(5000)).sendMessageEmbeds(anyCollection());

        assertEquals("A deploy is already in progress (started by Ann); try again when it has finished.",
                second.reply().getDescription());
        verify(client, times(1)).replaceServers(any(), anyBoolean());
    }

    @Test
    void noteIsTrimmedAndBlankMeansNone() {
        assertNull(DeployMapCommand.note(null));
        OptionMapping blank = mock(OptionMapping.class);
        when(blank.getAsString()).thenReturn("   ");
        assertNull(DeployMapCommand.note(blank));
        OptionMapping longNote = mock(OptionMapping.class);
        when(longNote.getAsString()).thenReturn(" " + "n".repeat(250) + " ");
        assertEquals(200, DeployMapCommand.note(longNote).length());
    }
}
