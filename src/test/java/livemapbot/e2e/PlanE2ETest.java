package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.cad.CadOperation;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.Option;
import org.junit.jupiter.api.Test;

import static livemapbot.e2e.BotHarness.DEPLOYER;
import static livemapbot.e2e.BotHarness.EDITOR;
import static livemapbot.e2e.BotHarness.VIEWER;
import static livemapbot.e2e.BotHarness.WAIT;
import static livemapbot.e2e.ScenarioSupport.assertAckedInTime;
import static livemapbot.e2e.ScenarioSupport.assertNoUnknownRoutes;
import static livemapbot.e2e.ScenarioSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, plan awareness: the bot reads the community's plan at start-up; below Plus the
 * commands that change servers answer at once why (which plan can, where to upgrade) instead of
 * attempting a write Sonoran would refuse, and below Standard /servers explains there is no API.
 */
class PlanE2ETest {

    @Test
    void onAStandardPlanSetmapAndDeploymapAreRefusedAtOnceWithNoCadCall() {
        try (BotHarness h = BotHarness.builder().emulator(e -> e.plan(2)).start()) {
            h.sonoran.clearHistory();
            Interaction setmap = h.slash(EDITOR, "setmap", Option.integer("server", 1), Option.string("name", "Harbor"));
            String answer = refusedAtOnce(h, setmap);
            assertTrue(answer.contains("STANDARD") && answer.contains("Plus or higher"), answer);
            assertTrue(answer.contains("Sonoran CAD admin › billing"), "where to upgrade: " + answer);

            Interaction deploy = h.slash(DEPLOYER, "deploymap");
            assertTrue(refusedAtOnce(h, deploy).contains("Plus or higher"));

            assertEquals(0, h.sonoran.writes().size(), "no write attempted");
            assertEquals(0, h.sonoran.callCount(CadOperation.LIST_SERVERS), "not even a read");
            assertEquals(0, h.sonoran.callCount(CadOperation.REPLACE_SERVERS));

            // Standard may read: /servers still works.
            Interaction servers = h.slash(VIEWER, "servers");
            assertTrue(h.discord.awaitOriginal(servers, ScenarioSupport::loaded, WAIT).path("embeds").size() > 0);

            // The Edit button of a card answers the same at once, instead of a form.
            JsonNode card = h.discord.awaitOriginal(h.slash(EDITOR, "servers", Option.integer("server", 1)),
                    ScenarioSupport::loaded, WAIT);
            Interaction edit = h.discord.buttonClick(EDITOR, card,
                    ScenarioSupport.requireButton(card, "Edit").path("custom_id").asText());
            assertTrue(refusedAtOnce(h, edit).contains("Plus or higher"));
            assertEquals(0, h.sonoran.writes().size());
            assertNoUnknownRoutes(h);
        }
    }

    @Test
    void onAStarterPlanServersExplainsThePlanHasNoApiAccess() {
        try (BotHarness h = BotHarness.builder().emulator(e -> e.plan(1)).start()) {
            h.sonoran.clearHistory();
            String answer = refusedAtOnce(h, h.slash(VIEWER, "servers"));
            assertTrue(answer.contains("STARTER") && answer.contains("no API access"), answer);
            assertTrue(answer.contains("Standard or higher"), answer);
            assertEquals(0, h.sonoran.totalCalls(), "no call that would only be refused");
        }
    }

    private static String refusedAtOnce(BotHarness h, Interaction cmd) {
        Callback answer = h.discord.awaitCallback(cmd, WAIT);
        assertAckedInTime(answer);
        assertEquals(Callback.REPLY, answer.type(), "answered at once: " + answer.data());
        assertTrue(answer.ephemeral());
        return text(answer.data());
    }
}
