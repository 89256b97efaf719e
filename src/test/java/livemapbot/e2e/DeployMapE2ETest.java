package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import livemapbot.cad.CadOperation;
import livemapbot.cad.emulator.RecordedWrite;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.Option;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static livemapbot.e2e.BotHarness.ANNOUNCE_CHANNEL;
import static livemapbot.e2e.BotHarness.DEPLOYER;
import static livemapbot.e2e.BotHarness.DEPLOY_ROLE;
import static livemapbot.e2e.BotHarness.EDIT_ROLE;
import static livemapbot.e2e.BotHarness.WAIT;
import static livemapbot.e2e.ScenarioSupport.assertAckedInTime;
import static livemapbot.e2e.ScenarioSupport.assertNoUnknownRoutes;
import static livemapbot.e2e.ScenarioSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 9: /deploymap writes the unchanged list once with deployMap, announces it with the note,
 * and its gate holds: a cooldown after a deploy, one deploy when two arrive together, and a deploy that
 * counts even when the announcement cannot be posted.
 *
 * <p>A harness per test: the gate's cooldown (60 s, the default) is the state under test.
 */
class DeployMapE2ETest {
    /** A second member with the deploy role, so refusals can be checked for naming the other one. */
    private static final long SECOND_DEPLOYER = 1_200_000_000_000_000_015L;

    private BotHarness h;

    @BeforeEach
    void start() {
        h = BotHarness.start();
        h.discord.guild().member(SECOND_DEPLOYER, "second-deployer", DEPLOY_ROLE);
        h.sonoran.clearHistory();
    }

    @AfterEach
    void stop() {
        try {
            assertNoUnknownRoutes(h);
        } finally {
            h.close();
        }
    }

    @Test
    void deployWritesTheUnchangedListOnceAndAnnouncesTheNote() throws Exception {
        ArrayNode before = h.sonoran.servers();
        Interaction cmd = h.slash(DEPLOYER, "deploymap", Option.string("note", "New postal codes"));
        Callback ack = h.discord.awaitCallback(cmd, WAIT);
        assertAckedInTime(ack);
        assertEquals(Callback.DEFERRED_REPLY, ack.type());
        assertTrue(ack.ephemeral());

        JsonNode done = h.discord.awaitOriginal(cmd, m -> text(m).contains("Announced in"), WAIT);
        assertTrue(text(done).contains("<#" + ANNOUNCE_CHANNEL + ">"), text(done));

        List<RecordedWrite> writes = h.sonoran.writes();
        assertEquals(1, writes.size(), "exactly one write");
        assertTrue(writes.get(0).deployMap());
        // The same list, entry for entry and field for field (ports are always written back as text).
        assertEquals(ScenarioSupport.withPortsAsText(before), writes.get(0).servers());
        assertEquals(1, h.sonoran.callCount(CadOperation.REPLACE_SERVERS));

        List<JsonNode> announced = h.discord.channelMessages(ANNOUNCE_CHANNEL);
        assertEquals(1, announced.size(), announced.toString());
        JsonNode embed = announced.get(0).path("embeds").get(0);
        assertEquals("Live Map deployed", embed.path("title").asText());
        String announcement = text(announced.get(0));
        assertTrue(announcement.contains("Note: New postal codes"), announcement);
        assertTrue(announcement.contains("<@" + DEPLOYER + ">"), announcement);
        assertTrue(announcement.contains("#1 Main Server"), announcement);

        assertTrue(Files.readString(h.auditFile).contains("\"success\""), "audited");
    }

    @Test
    void aSecondDeployInsideTheCooldownIsRefusedSayingWhoAndWhen() {
        Interaction first = h.slash(DEPLOYER, "deploymap");
        h.discord.awaitOriginal(first, m -> text(m).contains("Announced in"), WAIT);

        Interaction second = h.slash(SECOND_DEPLOYER, "deploymap", Option.string("note", "again"));
        Callback refused = h.discord.awaitCallback(second, WAIT);
        assertAckedInTime(refused);
        assertEquals(Callback.REPLY, refused.type());
        assertTrue(refused.ephemeral());
        String why = text(refused.data());
        assertTrue(why.contains("deployed by deployer"), "who: " + why);
        assertTrue(why.matches("(?s).*<t:\\d+:R>.*next deploy is allowed <t:\\d+:R>.*"), "when: " + why);

        assertEquals(1, h.sonoran.writes().size());
        assertEquals(1, h.discord.channelMessages(ANNOUNCE_CHANNEL).size());
    }

    @Test
    void twoDeploysAtTheSameInstantWriteOnce() {
        Interaction a = h.slash(DEPLOYER, "deploymap");
        Interaction b = h.slash(SECOND_DEPLOYER, "deploymap");
        Callback ackA = h.discord.awaitCallback(a, WAIT);
        Callback ackB = h.discord.awaitCallback(b, WAIT);
        assertAckedInTime(ackA);
        assertAckedInTime(ackB);

        boolean aWon = ackA.type() == Callback.DEFERRED_REPLY;
        Interaction winner = aWon ? a : b;
        Callback loser = aWon ? ackB : ackA;
        assertEquals(Callback.REPLY, loser.type(), "exactly one deploy admitted: " + ackA + " / " + ackB);
        assertTrue(loser.ephemeral());
        String why = text(loser.data());
        String winnerName = aWon ? "deployer" : "second-deployer";
        assertTrue(why.contains("already in progress (started by " + winnerName + ")")
                || why.contains("deployed by " + winnerName), why);

        h.discord.awaitOriginal(winner, m -> text(m).contains("Announced in"), WAIT);
        assertEquals(1, h.sonoran.writes().size(), "one write for two commands");
        assertEquals(1, h.discord.channelMessages(ANNOUNCE_CHANNEL).size());
    }

    @Test
    void aDeployStillRunningRefusesTheNextOneAsInProgress() {
        // The CAD is slow, so the first deploy is certainly still running when the second arrives.
        h.sonoran.setDelay(Duration.ofMillis(1500));
        Interaction first = h.slash(DEPLOYER, "deploymap");
        assertEquals(Callback.DEFERRED_REPLY, h.discord.awaitCallback(first, WAIT).type());
        Interaction second = h.slash(SECOND_DEPLOYER, "deploymap");
        Callback refused = h.discord.awaitCallback(second, WAIT);
        assertAckedInTime(refused);
        assertTrue(refused.ephemeral());
        assertTrue(text(refused.data()).contains("A deploy is already in progress (started by deployer)"),
                text(refused.data()));

        h.discord.awaitOriginal(first, m -> text(m).contains("Announced in"), WAIT);
        assertEquals(1, h.sonoran.writes().size());
    }

    @Test
    void aDeployCountsEvenWhenTheAnnouncementCannotBePosted() throws IOException {
        h.discord.rejectChannelPosts(ANNOUNCE_CHANNEL);
        Interaction cmd = h.slash(DEPLOYER, "deploymap", Option.string("note", "quiet deploy"));
        assertAckedInTime(h.discord.awaitCallback(cmd, WAIT));

        JsonNode told = h.discord.awaitOriginal(cmd, m -> text(m).contains("announcement failed"), WAIT);
        String why = text(told);
        assertTrue(why.contains("The Live Map was deployed"), why);
        assertTrue(why.contains("The bot may not post in <#" + ANNOUNCE_CHANNEL + ">"), why);
        assertTrue(why.contains("Send Messages"), "says what to fix: " + why);
        assertEquals(1, h.sonoran.writes().size());
        assertTrue(h.sonoran.writes().get(0).deployMap());
        assertTrue(h.discord.channelMessages(ANNOUNCE_CHANNEL).isEmpty());
        assertTrue(Files.readString(h.auditFile).contains("\"success\""), "the deploy is audited as done");

        // Counted: the cooldown started, so a retry right away is refused rather than deploying again.
        Interaction retry = h.slash(SECOND_DEPLOYER, "deploymap");
        Callback refused = h.discord.awaitCallback(retry, WAIT);
        assertEquals(Callback.REPLY, refused.type());
        assertTrue(text(refused.data()).contains("deployed by deployer"), text(refused.data()));
        assertEquals(1, h.sonoran.writes().size());
    }

    /**
     * Issue 8: deploying is a deploy-role action wherever it happens. A member with both roles
     * deploys from /setmap through the same gate as /deploymap: the deploy starts the cooldown,
     * and a /setmap inside the cooldown is written without a deploy and says when one is possible.
     */
    @Test
    void aSetMapByAMemberWithBothRolesDeploysThroughTheSameGateAndCooldown() {
        h.discord.guild().memberRoles(DEPLOYER, DEPLOY_ROLE, EDIT_ROLE);

        Interaction enable = h.slash(DEPLOYER, "setmap", Option.integer("server", 2), Option.bool("enable-map", true));
        confirm(enable);
        JsonNode done = h.discord.awaitOriginal(enable, m -> text(m).contains("Server #2 updated"), WAIT);
        assertTrue(text(done).contains("Saved and the Live Map was deployed."), text(done));
        assertEquals(1, h.sonoran.writes().size());
        assertTrue(h.sonoran.writes().get(0).deployMap(), "a deployer's /setmap deploys");

        Interaction deploy = h.slash(SECOND_DEPLOYER, "deploymap");
        Callback refused = h.discord.awaitCallback(deploy, WAIT);
        assertEquals(Callback.REPLY, refused.type());
        assertTrue(text(refused.data()).contains("deployed by deployer"), "the /setmap deploy started the cooldown: "
                + text(refused.data()));

        Interaction retype = h.slash(DEPLOYER, "setmap", Option.integer("server", 4), Option.string("map-type", "NORMAL"));
        JsonNode preview = awaitPreview(retype);
        assertTrue(text(preview).contains("not right now"), "the preview says it will not deploy now: " + text(preview));
        confirm(retype);
        JsonNode saved = h.discord.awaitOriginal(retype, m -> text(m).contains("Server #4 updated"), WAIT);
        assertTrue(text(saved).matches("(?s).*not deployed.*next deploy is allowed <t:\\d+:R>.*"), text(saved));
        assertEquals(2, h.sonoran.writes().size());
        assertFalse(h.sonoran.writes().get(1).deployMap(), "inside the cooldown: written without a deploy");
        assertEquals("NORMAL", h.sonoran.server(4).orElseThrow().path("mapType").asText());
    }

    /** Roles are checked again on Confirm: a deploy role taken away after the preview means no deploy. */
    @Test
    void aSetMapConfirmedAfterTheDeployRoleWasRemovedIsSavedWithoutADeploy() {
        h.discord.guild().memberRoles(DEPLOYER, DEPLOY_ROLE, EDIT_ROLE);
        Interaction enable = h.slash(DEPLOYER, "setmap", Option.integer("server", 2), Option.bool("enable-map", true));
        JsonNode preview = awaitPreview(enable);
        assertTrue(text(preview).contains("Will be deployed"), text(preview));

        h.discord.guild().memberRoles(DEPLOYER, EDIT_ROLE);
        confirm(enable);
        JsonNode saved = h.discord.awaitOriginal(enable, m -> text(m).contains("Server #2 updated"), WAIT);
        assertTrue(text(saved).contains("A deployer can run /deploymap to publish it."), text(saved));
        assertEquals(1, h.sonoran.writes().size());
        assertFalse(h.sonoran.writes().get(0).deployMap(), "no deploy role any more: no deploy");

        // Nothing was deployed, so no cooldown: a deployer may publish it at once.
        Interaction deploy = h.slash(SECOND_DEPLOYER, "deploymap");
        assertEquals(Callback.DEFERRED_REPLY, h.discord.awaitCallback(deploy, WAIT).type());
        h.discord.awaitOriginal(deploy, m -> text(m).contains("Announced in"), WAIT);
    }

    private JsonNode awaitPreview(Interaction setmap) {
        return h.discord.awaitOriginal(setmap,
                m -> ScenarioSupport.loaded(m) && ScenarioSupport.button(m, "Confirm").isPresent(), WAIT);
    }

    private void confirm(Interaction setmap) {
        JsonNode preview = awaitPreview(setmap);
        Interaction click = h.discord.buttonClick(DEPLOYER, preview,
                ScenarioSupport.requireButton(preview, "Confirm").path("custom_id").asText());
        assertEquals(Callback.DEFERRED_UPDATE, h.discord.awaitCallback(click, WAIT).type());
    }
}
