package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.cad.CadOperation;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.Interaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static livemapbot.e2e.BotHarness.DEPLOY_ROLE;
import static livemapbot.e2e.BotHarness.EDIT_ROLE;
import static livemapbot.e2e.BotHarness.STRANGER;
import static livemapbot.e2e.BotHarness.VIEWER;
import static livemapbot.e2e.BotHarness.VIEW_ROLE;
import static livemapbot.e2e.BotHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 3: {@code /servers} by a member without any allowed role is refused before the CAD is
 * asked. The server list is not cached here ({@code SONORAN_CACHE_SECONDS=0}), so any read the
 * bot made would reach the emulator's counters whatever ran before.
 */
class ServersAccessE2ETest {
    private static BotHarness h;

    @BeforeAll
    static void start() {
        h = BotHarness.builder().env("SONORAN_CACHE_SECONDS", "0").start();
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    @AfterEach
    void noUnknownRoutes() {
        assertTrue(h.discord.unknownRoutes().isEmpty(), h.discord.unknownRoutes().toString());
    }

    @Test
    void aMemberWithoutAnyAllowedRoleGetsAnEphemeralRefusalNamingTheRolesAndNoCadCall() {
        long callsBefore = h.sonoran.totalCalls();

        Interaction cmd = h.slash(STRANGER, "servers");
        Callback refusal = h.discord.awaitCallback(cmd, WAIT);

        assertEquals(Callback.REPLY, refusal.type(), "refused at once, not deferred: " + refusal.data());
        assertTrue(refusal.ephemeral(), "only the member sees the refusal: " + refusal.data());
        JsonNode embed = refusal.data().path("embeds").get(0);
        assertEquals("Not allowed", embed.path("title").asText());
        String text = embed.path("description").asText();
        for (long role : new long[] {VIEW_ROLE, EDIT_ROLE, DEPLOY_ROLE}) {
            assertTrue(text.contains("<@&" + role + ">"), "names the role " + role + ": " + text);
        }
        assertTrue(text.contains("/servers"), text);
        assertEquals(callsBefore, h.sonoran.totalCalls(), "no CAD call for a refused member");
    }

    @Test
    void aStrangerGetsNoServerNamesFromAutocompleteAndCausesNoCadCall() {
        long callsBefore = h.sonoran.totalCalls();

        Interaction typing = h.discord.autocomplete(STRANGER, "servers", "server", "Main");
        Callback answer = h.discord.awaitCallback(typing, WAIT);

        assertEquals(Callback.AUTOCOMPLETE_RESULT, answer.type());
        assertEquals(0, answer.data().path("choices").size(), answer.data().toString());
        assertEquals(callsBefore, h.sonoran.totalCalls(), "no CAD call for a refused member");
    }

    /** The control for the two tests above: the same command by a viewer does reach the CAD. */
    @Test
    void aViewersCommandReadsTheCadEveryTimeWithoutACache() throws InterruptedException {
        int readsBefore = h.sonoran.callCount(CadOperation.LIST_SERVERS);

        Interaction cmd = h.slash(VIEWER, "servers");
        JsonNode message = h.discord.awaitOriginal(cmd, ScenarioSupport::loaded, WAIT);

        assertTrue(message.toString().contains("Main Server"), message.toString());
        assertTrue(h.sonoran.awaitCalls(CadOperation.LIST_SERVERS, readsBefore + 1, WAIT));
    }
}
