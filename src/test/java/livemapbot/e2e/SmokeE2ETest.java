package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.Interaction;
import org.junit.jupiter.api.Test;

import static livemapbot.e2e.BotHarness.VIEWER;
import static livemapbot.e2e.BotHarness.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmokeE2ETest {
    @Test
    void serversAnswersThroughARealJda() {
        try (BotHarness h = BotHarness.start()) {
            Interaction cmd = h.slash(VIEWER, "servers");
            Callback ack = h.discord.awaitCallback(cmd, WAIT);
            assertEquals(5, ack.type());
            JsonNode message = h.discord.awaitOriginal(cmd, m -> m.path("embeds").size() > 0, WAIT);
            assertTrue(message.toString().contains("Main Server"), message.toString());
            assertTrue(h.discord.unknownRoutes().isEmpty(), h.discord.unknownRoutes().toString());
        }
    }
}
