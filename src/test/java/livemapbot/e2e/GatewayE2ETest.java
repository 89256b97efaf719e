package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.Interaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static livemapbot.e2e.BotHarness.VIEWER;
import static livemapbot.e2e.BotHarness.WAIT;
import static livemapbot.e2e.ScenarioSupport.assertAckedInTime;
import static livemapbot.e2e.ScenarioSupport.assertNoUnknownRoutes;
import static livemapbot.e2e.ScenarioSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario 11: Discord's gateway drops the bot (a close frame, or the TCP connection just dies); the
 * bot resumes or reconnects by itself and the next command works.
 *
 * <p>One harness per test: JDA does not reset its missed-heartbeat count on a resume, so drops
 * from earlier tests in the same JDA could make it abandon a freshly resumed connection.
 */
class GatewayE2ETest {
    private static BotHarness h;

    @BeforeEach
    void start() {
        h = BotHarness.start();
    }

    @AfterEach
    void fakeSawOnlyKnownRoutesThenStop() {
        try {
            assertNoUnknownRoutes(h);
        } finally {
            h.close();
        }
    }

    @Test
    void aCloseWith4000IsResumedAndTheNextCommandWorks() {
        h.discord.awaitConnected(WAIT);
        int resumes = h.discord.resumeCount();
        int identifies = h.discord.identifyCount();

        h.discord.dropConnection(4000);

        h.discord.awaitResumes(resumes + 1, WAIT);
        h.discord.awaitConnected(WAIT);
        assertEquals(identifies, h.discord.identifyCount(), "4000 is resumable: no new session");
        serversWorks();
    }

    @Test
    void aDeadTcpConnectionIsReplacedAndTheNextCommandWorks() {
        h.discord.awaitConnected(WAIT);
        int sessionsBefore = h.discord.resumeCount() + h.discord.identifyCount();

        h.discord.dropTcp();

        h.discord.awaitConnected(WAIT);
        assertTrue(h.discord.resumeCount() + h.discord.identifyCount() > sessionsBefore,
                "the bot resumed or identified again");
        serversWorks();
    }

    @Test
    void aCommandSentRightAfterADropIsAnsweredOnceTheBotIsBack() {
        h.discord.awaitConnected(WAIT);
        h.discord.dropTcp();
        // slashCommand waits for the next live session, so this is the bot's first event after the drop.
        serversWorks();
    }

    private static void serversWorks() {
        Interaction cmd = h.slash(VIEWER, "servers");
        Callback ack = h.discord.awaitCallback(cmd, WAIT);
        assertAckedInTime(ack);
        JsonNode list = h.discord.awaitOriginal(cmd, m -> m.path("embeds").size() > 0, WAIT);
        assertTrue(text(list).contains("Main Server"), text(list));
    }
}
