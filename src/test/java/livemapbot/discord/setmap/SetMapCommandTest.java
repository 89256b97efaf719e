package livemapbot.discord.setmap;

import livemapbot.testing.TestSettings;
import livemapbot.testing.MutableClock;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.audit.AuditRecord;
import livemapbot.audit.AuditTrail;
import livemapbot.cad.CadException;
import livemapbot.cad.InMemoryCadClient;
import livemapbot.testing.RecordingExecutor;
import livemapbot.cad.CallPacer;
import livemapbot.cad.FieldChange;
import livemapbot.cad.MapChanges;
import livemapbot.cad.ServerDirectory;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerField;
import livemapbot.config.Settings;
import livemapbot.discord.Access;
import livemapbot.discord.BotContext;
import livemapbot.discord.ComponentId;
import livemapbot.discord.Replies;
import livemapbot.discord.deploy.DeployGate;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.buttons.ButtonStyle;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageEditAction;
import net.dv8tion.jda.api.requests.restaction.interactions.MessageEditCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class SetMapCommandTest {
    private static final long EDIT_ROLE = 900;
    private static final long OTHER_ROLE = 901;
    private static final long DEPLOY_ROLE = 902;
    private static final Duration COOLDOWN = Duration.ofMinutes(1);
    private static final long ANN = 42;
    private static final long BOB = 43;
    private static final Duration EXPIRY = Duration.ofMinutes(10);

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final List<Sent> sent = new ArrayList<>();
    private final List<AuditRecord> audited = new ArrayList<>();
    private InMemoryCadClient cad;
    private ServerDirectory directory;
    private AuditTrail audit;
    private ExecutorService workers = new DirectExecutorService();
    private SetMapCommand command;
    private DeployGate gate;

    @BeforeEach
    void setUp() throws IOException {
        cad = new InMemoryCadClient(List.of(server(1, "Main"), server(2, "Second")));
        directory = spy(new ServerDirectory(cad, Duration.ZERO,
                new CallPacer(1000, Duration.ofSeconds(1), Duration.ZERO, System::nanoTime, d -> { }), clock));
        audit = mock(AuditTrail.class, org.mockito.Mockito.CALLS_REAL_METHODS); // begin() as without a store
        org.mockito.Mockito.doAnswer(inv -> audited.add(inv.getArgument(0))).when(audit).record(any());
        rebuild();
    }

    private void rebuild() {
        Settings settings = TestSettings.builder().roles(Set.of(), Set.of(EDIT_ROLE), Set.of(DEPLOY_ROLE))
                .cacheFor(Duration.ZERO).previewExpiry(EXPIRY).deployCooldown(COOLDOWN).build();
        BotContext ctx = new BotContext(settings, directory, Access.from(settings), audit, workers, clock);
        gate = new DeployGate(settings.deployCooldown(), clock);
        command = new SetMapCommand(ctx, gate);
    }

    static ServerEntry server(int id, String name) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id);
        node.put("name", name);
        node.put("description", "");
        node.put("mapUrl", "https://map.example.com/" + id);
        node.put("mapIp", "203.0.113." + id);
        node.put("differingOutbound", false);
        node.put("outboundIp", "");
        node.put("listenerPort", "3232");
        node.put("enableMap", false);
        node.put("mapType", "NORMAL");
        return ServerEntry.fromJson(node);
    }

    // ---- the slash command --------------------------------------------------------------------

    @Test
    void memberWithoutTheEditRoleIsRefusedWithoutACadCall() {
        slash(ANN, List.of(OTHER_ROLE), options(1, ServerField.NAME.jsonName(), "New"));
        Sent reply = only();
        assertEquals("reply", reply.kind);
        assertEquals(Boolean.TRUE, reply.ephemeral);
        assertTrue(reply.text().contains("<@&" + EDIT_ROLE + ">"), reply.text());
        assertEquals(0, cad.reads());
    }

    @Test
    void invalidOptionsAreAllReportedWithoutACadCall() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put(SetMapCommand.SERVER, 1L);
        options.put(SetMapCommand.MAP_IP, "http://203.0.113.9:30120");
        options.put(SetMapCommand.MAP_URL, "map.example.com");
        options.put(SetMapCommand.MAP_TYPE, "SATELLITE");
        slash(ANN, List.of(EDIT_ROLE), options);
        Sent reply = only();
        assertEquals(Boolean.TRUE, reply.ephemeral);
        assertTrue(reply.text().contains("`map-ip`") && reply.text().contains("`map-url`")
                && reply.text().contains("`map-type`"), reply.text());
        assertEquals(0, cad.reads());
    }

    @Test
    void noSettingGivenIsAProblemToo() {
        slash(ANN, List.of(EDIT_ROLE), Map.of(SetMapCommand.SERVER, 1L, SetMapCommand.DEPLOY, true));
        assertTrue(only().text().contains("Give at least one setting to change"));
        assertEquals(0, cad.reads());
    }

    @Test
    void unknownServerIsAClearError() {
        slash(ANN, List.of(EDIT_ROLE), options(9, SetMapCommand.SERVER_NAME, "X"));
        Sent deferred = sent.get(0);
        assertEquals("deferReply", deferred.kind);
        assertEquals(Boolean.TRUE, deferred.ephemeral);
        Sent edit = last();
        assertTrue(edit.text().contains("no server #9"), edit.text());
        assertEquals(List.of(), edit.components);
    }

    @Test
    void outboundIpRequiredOnceTheServerIsKnown() {
        slash(ANN, List.of(EDIT_ROLE), options(1, SetMapCommand.DIFFERING_OUTBOUND, true));
        Sent edit = last();
        assertEquals("hookEdit", edit.kind);
        assertTrue(edit.text().contains("`outbound-ip`"), edit.text());
        assertEquals(List.of(), edit.components);
    }

    @Test
    void readFailureShowsTheUserMessage() {
        cad.failNext(new CadException(CadException.Kind.UNAVAILABLE, "Sonoran is not answering; try again soon.",
                "connect timed out"));
        slash(ANN, List.of(EDIT_ROLE), options(1, SetMapCommand.SERVER_NAME, "X"));
        assertTrue(last().text().contains("Sonoran is not answering"), last().text());
        assertFalse(last().text().contains("timed out"));
        assertEquals(List.of(), last().components);
    }

    @Test
    void nothingToChangeSaysSoWithoutButtons() {
        slash(ANN, List.of(EDIT_ROLE), options(1, SetMapCommand.MAP_TYPE, "NORMAL"));
        Sent edit = last();
        assertTrue(edit.text().contains("Server #1 already has these settings; nothing to change."), edit.text());
        assertEquals(List.of(), edit.components);
    }

    @Test
    void previewShowsTheDiffAndConfirmCancelButtons() {
        Sent preview = preview(options(1, SetMapCommand.MAP_IP, "8.8.4.4"));
        assertTrue(preview.text().contains("`203.0.113.1` → `8.8.4.4`"), preview.text());
        assertTrue(preview.text().contains("disableOverride"));
        List<Button> buttons = preview.buttons();
        assertEquals(2, buttons.size());
        assertEquals("Confirm", buttons.get(0).getLabel());
        assertEquals(ButtonStyle.SUCCESS, buttons.get(0).getStyle());
        assertEquals("Cancel", buttons.get(1).getLabel());
        assertEquals(ButtonStyle.SECONDARY, buttons.get(1).getStyle());
        ComponentId confirm = ComponentId.parse(buttons.get(0).getCustomId()).orElseThrow();
        assertEquals("setmap", confirm.command());
        assertEquals("confirm", confirm.action());
        assertEquals(clock.instant().plus(EXPIRY), confirm.expiresAt());
        assertEquals(confirm.arg(), ComponentId.parse(buttons.get(1).getCustomId()).orElseThrow().arg());
        assertTrue(cad.writes().isEmpty(), "a preview writes nothing");
    }

    // ---- the buttons --------------------------------------------------------------------------

    @Test
    void confirmWritesTheServerAsShownAndAuditsBeforeTellingSuccess() throws Exception {
        Sent preview = preview(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), options(1, SetMapCommand.ENABLE_MAP, true));
        ServerEntry shown = cad.current().get(0);
        Click click = click(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), button(preview, 0));

        assertEquals("deferEdit", sent.get(sent.size() - 2).kind);
        MapChanges expected = MapChanges.none().with(ServerField.ENABLE_MAP, true);
        verify(directory).update(1, expected, shown, true);
        assertEquals(1, cad.writes().size());
        assertTrue(cad.writes().get(0).deployMap(), "map enabled by a member who may deploy → deployed");
        assertTrue(cad.writes().get(0).servers().get(0).enableMap());

        InOrder order = inOrder(audit, click.hook);
        order.verify(audit).record(any());
        order.verify(click.hook).editOriginalEmbeds(anyCollection());
        AuditRecord record = audited.get(0);
        assertEquals(ANN, record.memberId());
        assertEquals("Ann", record.memberName());
        assertEquals("setmap", record.action());
        assertEquals(1, record.serverId());
        assertEquals(List.of(new FieldChange("enableMap", "Map enabled", "false", "true")), record.changes());
        assertTrue(record.deploy());
        assertEquals("success", record.outcome());

        Sent result = last();
        assertTrue(result.text().contains("Server #1 updated"));
        assertTrue(result.text().contains("`false` → `true`"));
        assertEquals(List.of(), result.components);
    }

    /**
     * Issue 9, "no write without a record of it": the change is recorded before the write; when it
     * cannot be (the bot's database is down) nothing is written and the member is told so.
     */
    @Test
    void confirmWhenTheChangeCannotBeRecordedFirstWritesNothingAndSaysTheDatabaseIsUnavailable() throws Exception {
        Sent preview = preview(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), options(1, SetMapCommand.ENABLE_MAP, true));
        doThrow(new livemapbot.audit.RecordUnavailableException("database down", null)).when(audit).begin(any());

        click(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), button(preview, 0));

        verify(directory, never()).update(anyInt(), any(), any(), anyBoolean());
        assertEquals(0, cad.writes().size());
        assertTrue(last().text().contains("The bot's database is unavailable; nothing was changed."), last().text());
    }

    /** The record of the change is begun before the write and ended (audit line) after it. */
    @Test
    void theChangeIsRecordedBeforeTheWriteAndEndedAfterIt() throws Exception {
        Sent preview = preview(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), options(1, SetMapCommand.ENABLE_MAP, true));
        ServerEntry shown = cad.current().get(0);

        click(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), button(preview, 0));

        InOrder order = inOrder(audit, directory);
        org.mockito.ArgumentCaptor<livemapbot.audit.AuditTrail.PlannedChange> planned =
                org.mockito.ArgumentCaptor.forClass(livemapbot.audit.AuditTrail.PlannedChange.class);
        order.verify(audit).begin(planned.capture());
        order.verify(directory).update(anyInt(), any(), any(), anyBoolean());
        order.verify(audit).record(any());
        assertEquals(shown, planned.getValue().before());
        assertTrue(planned.getValue().after().enableMap());
        assertEquals(1, planned.getValue().serverId());
        assertEquals(ANN, planned.getValue().memberId());
    }

    // ---- deploying is a deploy-role action, here as in /deploymap ------------------------------

    /** Issue 8: an editor without a deploy role enabled the map and it was deployed. */
    @Test
    void anEditorWithoutADeployRoleGetsTheChangeWrittenWithoutADeploy() throws Exception {
        Sent preview = preview(options(1, SetMapCommand.ENABLE_MAP, true));
        assertTrue(preview.text().contains("Will not be deployed"), preview.text());
        assertTrue(preview.text().contains("<@&" + DEPLOY_ROLE + ">"), preview.text());

        click(ANN, List.of(EDIT_ROLE), button(preview, 0));

        verify(directory).update(org.mockito.ArgumentMatchers.eq(1), any(), any(),
                org.mockito.ArgumentMatchers.eq(false));
        assertEquals(1, cad.writes().size());
        assertFalse(cad.writes().get(0).deployMap(), "written with deployMap=false");
        assertTrue(cad.current().get(0).enableMap(), "the change itself is saved");
        assertTrue(last().text().contains("A deployer can run /deploymap to publish it."), last().text());
        assertFalse(audited.get(0).deploy(), "the audit record says what happened: no deploy");
        assertTrue(gate.refusal().isEmpty(), "no deploy, so no cooldown for /deploymap");
    }

    @Test
    void theDeployOptionIsNoWayAroundTheDeployRole() throws Exception {
        Map<String, Object> options = options(1, SetMapCommand.SERVER_NAME, "Renamed");
        options.put(SetMapCommand.DEPLOY, true);
        Sent preview = preview(options);
        click(ANN, List.of(EDIT_ROLE), button(preview, 0));
        assertFalse(cad.writes().get(0).deployMap());
    }

    @Test
    void aMemberWithBothRolesDeploysThroughTheDeployGateAndStartsItsCooldown() throws Exception {
        Sent preview = preview(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), options(1, SetMapCommand.MAP_URL,
                "https://map.example.com/new"));
        assertTrue(preview.text().contains("Will be deployed"), preview.text());

        click(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), button(preview, 0));

        assertTrue(cad.writes().get(0).deployMap());
        assertTrue(last().text().contains("Saved and the Live Map was deployed."), last().text());
        DeployGate.Refused refused = (DeployGate.Refused) gate.tryBegin(BOB, "Bob");
        assertTrue(refused.message().contains("deployed by Ann"), "a /deploymap now waits: " + refused.message());
    }

    @Test
    void whileTheCooldownRunsTheChangeIsWrittenWithoutADeployAndSaysWhen() throws Exception {
        gate.succeeded((DeployGate.Ticket) gate.tryBegin(BOB, "Bob"));
        Sent preview = preview(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), options(1, SetMapCommand.ENABLE_MAP, true));
        String next = "<t:" + clock.instant().plus(COOLDOWN).getEpochSecond() + ":R>";
        assertTrue(preview.text().contains("not right now") && preview.text().contains(next), preview.text());

        click(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), button(preview, 0));

        assertFalse(cad.writes().get(0).deployMap(), "inside the cooldown: no deploy");
        assertTrue(cad.current().get(0).enableMap());
        assertTrue(last().text().contains("deployed by Bob") && last().text().contains(next), last().text());
        assertFalse(audited.get(0).deploy());
    }

    @Test
    void aCooldownOverByConfirmLetsTheChangeDeploy() throws Exception {
        gate.succeeded((DeployGate.Ticket) gate.tryBegin(BOB, "Bob"));
        Sent preview = preview(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), options(1, SetMapCommand.ENABLE_MAP, true));
        clock.advance(COOLDOWN);
        click(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), button(preview, 0));
        assertTrue(cad.writes().get(0).deployMap());
    }

    @Test
    void aDeployRunningElsewhereIsNotJoined() throws Exception {
        DeployGate.Ticket running = (DeployGate.Ticket) gate.tryBegin(BOB, "Bob");
        Sent preview = preview(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), options(1, SetMapCommand.ENABLE_MAP, true));
        click(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), button(preview, 0));
        assertFalse(cad.writes().get(0).deployMap());
        assertTrue(last().text().contains("already in progress (started by Bob)"), last().text());
        gate.succeeded(running);
        assertTrue(gate.refusal().orElseThrow().message().contains("deployed by Bob"), "Bob's ticket was untouched");
    }

    @Test
    void aMemberWhoseDeployRoleWasRemovedBeforeConfirmDoesNotDeploy() throws Exception {
        Sent preview = preview(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), options(1, SetMapCommand.ENABLE_MAP, true));
        assertTrue(preview.text().contains("Will be deployed"), preview.text());

        click(ANN, List.of(EDIT_ROLE), button(preview, 0));

        assertEquals(1, cad.writes().size(), "still an editor: the change is written");
        assertFalse(cad.writes().get(0).deployMap(), "but no longer a deployer: not deployed");
        assertTrue(last().text().contains("A deployer can run /deploymap to publish it."), last().text());
        assertTrue(gate.refusal().isEmpty());
    }

    @Test
    void aMemberWhoGainedTheDeployRoleDeploysNoMoreThanThePreviewSaid() throws Exception {
        Sent preview = preview(options(1, SetMapCommand.ENABLE_MAP, true));
        click(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), button(preview, 0));
        assertFalse(cad.writes().get(0).deployMap());
    }

    @Test
    void aFailedWriteReleasesTheGateWithoutCooldown() throws Exception {
        cad.failNextWrite(new CadException(CadException.Kind.UNAVAILABLE, "Sonoran is not answering.", "503"));
        Sent preview = preview(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), options(1, SetMapCommand.ENABLE_MAP, true));
        click(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), button(preview, 0));
        assertTrue(gate.refusal().isEmpty(), "nothing deployed: /deploymap may go at once");
        assertTrue(audited.get(0).deploy(), "the attempt was a deploy");
    }

    @Test
    void aWriteWithUnknownOutcomeKeepsTheCooldown() throws Exception {
        cad.failNextWrite(new livemapbot.cad.WriteOutcomeUnknownException("maybe", "timeout after sending", null));
        Sent preview = preview(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), options(1, SetMapCommand.ENABLE_MAP, true));
        click(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), button(preview, 0));
        assertTrue(gate.refusal().orElseThrow().message().contains("deployed by Ann"),
                "it may have deployed: a quick /deploymap must not restart the map twice");
    }

    @Test
    void anErrorDuringTheWriteStillReleasesTheGate() throws Exception {
        Sent preview = preview(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), options(1, SetMapCommand.ENABLE_MAP, true));
        org.mockito.Mockito.doThrow(new StackOverflowError("deep")).when(directory)
                .update(org.mockito.ArgumentMatchers.anyInt(), any(), any(), anyBoolean());
        try {
            click(ANN, List.of(EDIT_ROLE, DEPLOY_ROLE), button(preview, 0));
        } catch (StackOverflowError expected) {
            // The direct executor runs the worker inline, so the Error reaches the test.
        }
        assertTrue(gate.refusal().isEmpty(), "a gate left 'in progress' would block every deploy until restart");
    }

    @Test
    void auditFailureStillReportsTheChangeWithAWarning() throws Exception {
        org.mockito.Mockito.doThrow(new IOException("disk full")).when(audit).record(any());
        Sent preview = preview(options(1, SetMapCommand.SERVER_NAME, "Renamed"));
        click(ANN, List.of(EDIT_ROLE), button(preview, 0));
        assertEquals(1, cad.writes().size());
        assertFalse(cad.writes().get(0).deployMap(), "a name change alone is not deployed");
        assertTrue(last().text().contains("updated"));
        assertTrue(last().text().contains("audit record"), last().text());
    }

    @Test
    void anotherMemberCannotConfirm() throws Exception {
        Sent preview = preview(options(1, SetMapCommand.SERVER_NAME, "Renamed"));
        click(BOB, List.of(EDIT_ROLE), button(preview, 0));
        Sent refusal = last();
        assertEquals("reply", refusal.kind);
        assertEquals(Boolean.TRUE, refusal.ephemeral);
        assertTrue(refusal.text().contains("Only <@" + ANN + "> can confirm this change."), refusal.text());
        assertTrue(cad.writes().isEmpty());
        verify(audit, never()).record(any());
        // The invoker still can.
        click(ANN, List.of(EDIT_ROLE), button(preview, 0));
        assertEquals(1, cad.writes().size());
    }

    @Test
    void invokerWhoLostTheEditRoleIsRefusedAndNothingIsWritten() throws Exception {
        Sent preview = preview(options(1, SetMapCommand.SERVER_NAME, "Renamed"));
        click(ANN, List.of(OTHER_ROLE), button(preview, 0));
        Sent refusal = last();
        assertEquals(Boolean.TRUE, refusal.ephemeral);
        assertTrue(refusal.text().contains("<@&" + EDIT_ROLE + ">"), refusal.text());
        assertTrue(cad.writes().isEmpty());
        verify(directory, never()).update(org.mockito.ArgumentMatchers.anyInt(), any(), any(), anyBoolean());
        verify(audit, never()).record(any());
        // Documented choice: the preview survives, so a re-granted role can still confirm before expiry.
        click(ANN, List.of(EDIT_ROLE), button(preview, 0));
        assertEquals(1, cad.writes().size());
    }

    /** Issue 12 (this test changed another field before, which is now merged): the same field collides. */
    @Test
    void theSameFieldChangedMeanwhileIsAConflictAndNothingIsWritten() throws Exception {
        Sent preview = preview(options(1, SetMapCommand.SERVER_NAME, "Renamed"));
        cad.replace(cad.current().get(0).with(ServerField.NAME, "Renamed elsewhere"));
        click(ANN, List.of(EDIT_ROLE), button(preview, 0));
        assertTrue(cad.writes().isEmpty());
        Sent result = last();
        assertTrue(result.text().contains("`Renamed elsewhere`") && result.text().contains("`Renamed`"), result.text());
        assertTrue(result.text().contains("/setmap again"));
        assertEquals(List.of(), result.components);
        assertEquals("conflict", audited.get(0).outcome());
    }

    @Test
    void anotherFieldChangedMeanwhileIsKeptAndSaid() throws Exception {
        Sent preview = preview(options(1, SetMapCommand.SERVER_NAME, "Renamed"));
        cad.replace(cad.current().get(0).with(ServerField.MAP_IP, "192.0.2.77"));
        click(ANN, List.of(EDIT_ROLE), button(preview, 0));
        assertEquals(1, cad.writes().size());
        ServerEntry written = cad.writes().get(0).servers().get(0);
        assertEquals("Renamed", written.name());
        assertEquals("192.0.2.77", written.mapIp());
        assertTrue(last().text().contains("Also changed meanwhile (kept): game server ip by someone outside the bot"),
                last().text());
        assertEquals("success", audited.get(0).outcome());
    }

    /** Issue 12: an Edit button past its expiry opens no form and says how to get a fresh one. */
    @Test
    void anExpiredEditButtonOpensNoFormAndSaysToRunServersAgain() throws Exception {
        directory.servers();
        String edit = new ComponentId(SetMapCommand.NAME, EditForm.MAIN.buttonAction(), "1",
                clock.instant().plusSeconds(60)).encode();
        clock.advance(Duration.ofSeconds(60));
        Click click = click(ANN, List.of(EDIT_ROLE), edit);
        verify(click.event(), never()).replyModal(any());
        Sent answer = last();
        assertEquals(Boolean.TRUE, answer.ephemeral);
        assertTrue(answer.text().contains(Replies.CARD_EXPIRED), answer.text());
    }

    @Test
    void cadErrorOnWriteShowsTheUserMessageAndIsAudited() throws Exception {
        cad.failNextWrite(new CadException(CadException.Kind.RATE_LIMITED, "Too many Sonoran calls; try again in 40 s.",
                "429 after retries"));
        Sent preview = preview(options(1, SetMapCommand.SERVER_NAME, "Renamed"));
        click(ANN, List.of(EDIT_ROLE), button(preview, 0));
        Sent result = last();
        assertTrue(result.text().contains("Too many Sonoran calls"), result.text());
        assertFalse(result.text().contains("429 after retries"));
        assertEquals(List.of(), result.components);
        assertEquals("rate_limited", audited.get(0).outcome());
        assertEquals("Renamed", audited.get(0).changes().get(0).after());
        assertEquals("Main", cad.current().get(0).name(), "nothing written");
    }

    @Test
    void cancelRemovesTheButtonsAndWritesNothing() throws Exception {
        Sent preview = preview(options(1, SetMapCommand.SERVER_NAME, "Renamed"));
        click(ANN, List.of(EDIT_ROLE), button(preview, 1));
        Sent cancelled = last();
        assertEquals("editMessage", cancelled.kind);
        assertTrue(cancelled.text().contains("No changes made"));
        assertEquals(List.of(), cancelled.components);
        // A stale Confirm on the same preview does nothing either.
        click(ANN, List.of(EDIT_ROLE), button(preview, 0));
        assertEquals("reply", last().kind);
        assertTrue(cad.writes().isEmpty());
        verify(audit, never()).record(any());
    }

    @Test
    void expiredPreviewTurnsTheMessageIntoAnExpiryNotice() throws Exception {
        Sent preview = preview(options(1, SetMapCommand.SERVER_NAME, "Renamed"));
        clock.advance(EXPIRY);
        click(ANN, List.of(EDIT_ROLE), button(preview, 0));
        Sent expired = last();
        assertEquals("editMessage", expired.kind);
        assertTrue(expired.text().contains("This preview has expired, run /setmap again."));
        assertEquals(List.of(), expired.components);
        assertTrue(cad.writes().isEmpty());
        verify(audit, never()).record(any());
    }

    @Test
    void previewLostInARestartReadsAsExpired() throws Exception {
        Sent preview = preview(options(1, SetMapCommand.SERVER_NAME, "Renamed"));
        rebuild(); // a new command with an empty preview store, as after a restart
        click(ANN, List.of(EDIT_ROLE), button(preview, 0));
        assertTrue(last().text().contains("This preview has expired"));
        assertTrue(cad.writes().isEmpty());
    }

    @Test
    void aConfirmDiscordDidNotTakeWritesNothing() throws Exception {
        Sent preview = preview(options(1, SetMapCommand.SERVER_NAME, "Renamed"));
        clickTooLate(ANN, List.of(EDIT_ROLE), button(preview, 0));
        assertTrue(cad.writes().isEmpty());
        assertTrue(audited.isEmpty());
    }

    /** The preview is only used up once Discord took the click: a failed acknowledgement leaves it pressable. */
    @Test
    void aConfirmWhoseAcknowledgementFailedCanBePressedAgain() throws Exception {
        Sent preview = preview(options(1, SetMapCommand.SERVER_NAME, "Renamed"));
        clickTooLate(ANN, List.of(EDIT_ROLE), button(preview, 0));
        click(ANN, List.of(EDIT_ROLE), button(preview, 0));
        assertFalse(last().text().contains(SetMapCommand.ALREADY_HANDLED), last().text());
        assertEquals(1, cad.writes().size());
        assertTrue(last().text().contains("Server #1 updated"), last().text());
    }

    @Test
    void aCancelWhoseAcknowledgementFailedLeavesThePreviewUsable() throws Exception {
        Sent preview = preview(options(1, SetMapCommand.SERVER_NAME, "Renamed"));
        clickTooLate(ANN, List.of(EDIT_ROLE), button(preview, 1));
        click(ANN, List.of(EDIT_ROLE), button(preview, 0));
        assertFalse(last().text().contains(SetMapCommand.ALREADY_HANDLED), last().text());
        assertEquals(1, cad.writes().size());
    }

    @Test
    void doubleConfirmWritesOnce() throws Exception {
        Sent preview = preview(options(1, SetMapCommand.SERVER_NAME, "Renamed"));
        click(ANN, List.of(EDIT_ROLE), button(preview, 0));
        click(ANN, List.of(EDIT_ROLE), button(preview, 0));
        assertEquals(1, cad.writes().size());
        assertEquals(1, audited.size());
        assertTrue(last().text().contains(SetMapCommand.ALREADY_HANDLED), last().text());
    }

    @Test
    void secondClickWhileTheFirstIsStillWritingIsToldItIsHandled() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            workers = pool;
            rebuild();
            preview(options(1, SetMapCommand.SERVER_NAME, "Renamed"));
            waitForEdits(1);
            cad.holdWrites();
            Sent fresh = lastOfKind("hookEdit");
            click(ANN, List.of(EDIT_ROLE), button(fresh, 0));
            assertTrue(cad.awaitWriteStarted());
            click(ANN, List.of(EDIT_ROLE), button(fresh, 0));
            assertTrue(last().text().contains(SetMapCommand.ALREADY_HANDLED), last().text());
            cad.releaseWrites();
            pool.shutdown();
            assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
            assertEquals(1, cad.writes().size());
            assertEquals(1, audited.size());
            assertTrue(lastOfKind("hookEdit").text().contains("updated"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void thePreviewReadsTheCadOnAWorkerNeverOnTheEventThread() {
        RecordingExecutor queued = new RecordingExecutor();
        workers = queued;
        rebuild();
        int readsBefore = cad.reads();

        slash(ANN, List.of(EDIT_ROLE), options(1, SetMapCommand.SERVER_NAME, "Renamed"));

        assertEquals(readsBefore, cad.reads(), "no CAD call on the event thread");
        assertEquals(1, queued.pending());
        queued.runAll();
        assertEquals(readsBefore + 1, cad.reads());
    }

    @Test
    void auditOutcomeTellsAnUnansweredWriteFromAFailedOne() {
        assertEquals("outcome_unknown", SetMapCommand.auditOutcome(
                new livemapbot.cad.WriteOutcomeUnknownException("maybe", "timeout after sending", null)));
        assertEquals("unavailable", SetMapCommand.auditOutcome(
                new CadException(CadException.Kind.UNAVAILABLE, "down", "refused")));
    }

    @Test
    void definitionHasEveryOptionAsSpecified() {
        SlashCommandData data = command.definition();
        assertEquals("setmap", data.getName());
        assertEquals(Set.of(InteractionContextType.GUILD), data.getContexts());
        Map<String, OptionData> byName = new LinkedHashMap<>();
        data.getOptions().forEach(o -> byName.put(o.getName(), o));
        assertEquals(List.of("server", "enable-map", "map-type", "map-ip", "listener-port", "differing-outbound",
                "outbound-ip", "map-url", "name", "description", "deploy"), List.copyOf(byName.keySet()));
        OptionData server = byName.get("server");
        assertEquals(OptionType.INTEGER, server.getType());
        assertTrue(server.isRequired() && server.isAutoComplete());
        assertEquals(ServerEntry.MAP_TYPES, byName.get("map-type").getChoices().stream()
                .map(c -> c.getAsString()).toList());
        assertEquals(1L, byName.get("listener-port").getMinValue().longValue());
        assertEquals(65535L, byName.get("listener-port").getMaxValue().longValue());
        assertEquals(100, byName.get("name").getMaxLength());
        assertEquals(1000, byName.get("description").getMaxLength());
        for (String bool : List.of("enable-map", "differing-outbound", "deploy")) {
            assertEquals(OptionType.BOOLEAN, byName.get(bool).getType());
        }
        assertFalse(byName.values().stream().filter(o -> !o.getName().equals("server")).anyMatch(OptionData::isRequired));
    }

    // ---- harness --------------------------------------------------------------------------------

    private record Click(ButtonInteractionEvent event, InteractionHook hook) {
    }

    private static Map<String, Object> options(long serverId, String option, Object value) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put(SetMapCommand.SERVER, serverId);
        options.put(option, value);
        return options;
    }

    private Sent preview(Map<String, Object> options) {
        return preview(ANN, List.of(EDIT_ROLE), options);
    }

    private Sent preview(long userId, List<Long> roles, Map<String, Object> options) {
        slash(userId, roles, options);
        if (workers instanceof DirectExecutorService) {
            Sent preview = last();
            assertEquals(2, preview.buttons().size(), "expected a preview, got " + preview);
            return preview;
        }
        return null;
    }

    private static String button(Sent preview, int index) {
        return preview.buttons().get(index).getCustomId();
    }

    private Sent only() {
        assertEquals(1, sent.size(), sent.toString());
        return sent.get(0);
    }

    private Sent last() {
        synchronized (sent) {
            return sent.get(sent.size() - 1);
        }
    }

    private Sent lastOfKind(String kind) {
        synchronized (sent) {
            for (int i = sent.size() - 1; i >= 0; i--) {
                if (sent.get(i).kind.equals(kind)) {
                    return sent.get(i);
                }
            }
        }
        throw new AssertionError("nothing of kind " + kind + " in " + sent);
    }

    private void waitForEdits(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            synchronized (sent) {
                // Queued, not merely created: the worker sets the buttons between the two.
                if (sent.stream().filter(s -> s.kind.equals("hookEdit") && s.queued).count() >= count) {
                    return;
                }
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L); // poll, without burning a shared core
        }
        throw new AssertionError("no hook edit within 5 s: " + sent);
    }

    private Sent record(String kind, Collection<? extends net.dv8tion.jda.api.entities.MessageEmbed> embeds) {
        Sent s = new Sent(kind, embeds);
        synchronized (sent) {
            sent.add(s);
        }
        return s;
    }

    private InteractionHook hook() {
        InteractionHook hook = mock(InteractionHook.class);
        when(hook.editOriginalEmbeds(anyCollection())).thenAnswer(inv ->
                Sent.action(WebhookMessageEditAction.class, record("hookEdit", inv.getArgument(0))));
        return hook;
    }

    private Member member(long userId, List<Long> roles, User user) {
        Member member = mock(Member.class);
        List<Role> roleMocks = new ArrayList<>();
        for (long id : roles) {
            Role role = mock(Role.class);
            when(role.getIdLong()).thenReturn(id);
            roleMocks.add(role);
        }
        when(member.getRoles()).thenReturn(roleMocks);
        when(member.getIdLong()).thenReturn(userId);
        when(member.getUser()).thenReturn(user);
        when(member.getEffectiveName()).thenReturn(userId == ANN ? "Ann" : "Bob");
        return member;
    }

    private User user(long id) {
        User user = mock(User.class);
        when(user.getIdLong()).thenReturn(id);
        when(user.getEffectiveName()).thenReturn(id == ANN ? "Ann" : "Bob");
        return user;
    }

    private void slash(long userId, List<Long> roles, Map<String, Object> options) {
        SlashCommandInteractionEvent event = mock(SlashCommandInteractionEvent.class);
        User user = user(userId);
        Member member = member(userId, roles, user);
        when(event.getUser()).thenReturn(user);
        when(event.getMember()).thenReturn(member);
        when(event.getName()).thenReturn("setmap");
        when(event.getOption(anyString())).thenReturn(null);
        for (Map.Entry<String, Object> e : options.entrySet()) {
            OptionMapping mapping = mock(OptionMapping.class);
            Object v = e.getValue();
            if (v instanceof Long l) {
                when(mapping.getAsLong()).thenReturn(l);
            } else if (v instanceof Integer i) {
                when(mapping.getAsLong()).thenReturn(i.longValue());
            } else if (v instanceof Boolean b) {
                when(mapping.getAsBoolean()).thenReturn(b);
            } else {
                when(mapping.getAsString()).thenReturn((String) v);
            }
            when(event.getOption(e.getKey())).thenReturn(mapping);
        }
        when(event.replyEmbeds(anyCollection())).thenAnswer(inv ->
                Sent.action(ReplyCallbackAction.class, record("reply", inv.getArgument(0))));
        when(event.deferReply(anyBoolean())).thenAnswer(inv -> {
            Sent s = record("deferReply", List.of());
            s.ephemeral = inv.getArgument(0);
            return Sent.action(ReplyCallbackAction.class, s);
        });
        InteractionHook hook = hook();
        when(event.getHook()).thenReturn(hook);
        command.onSlash(event);
    }

    /** A click whose acknowledgement Discord refuses, as when it arrives too late. */
    private void clickTooLate(long userId, List<Long> roles, String customId) {
        Sent.rejectAcks = true;
        try {
            click(userId, roles, customId);
        } finally {
            Sent.rejectAcks = false;
        }
    }

    private Click click(long userId, List<Long> roles, String customId) {
        ButtonInteractionEvent event = mock(ButtonInteractionEvent.class);
        User user = user(userId);
        Member member = member(userId, roles, user);
        when(event.getUser()).thenReturn(user);
        when(event.getMember()).thenReturn(member);
        when(event.getComponentId()).thenReturn(customId);
        when(event.replyEmbeds(anyCollection())).thenAnswer(inv ->
                Sent.action(ReplyCallbackAction.class, record("reply", inv.getArgument(0))));
        when(event.editMessageEmbeds(anyCollection())).thenAnswer(inv ->
                Sent.action(MessageEditCallbackAction.class, record("editMessage", inv.getArgument(0))));
        when(event.deferEdit()).thenAnswer(inv ->
                Sent.action(MessageEditCallbackAction.class, record("deferEdit", List.of())));
        InteractionHook hook = hook();
        when(event.getHook()).thenReturn(hook);
        command.onButton(event, ComponentId.parse(customId).orElseThrow());
        return new Click(event, hook);
    }
}
