package livemapbot.discord;

import livemapbot.metrics.PrometheusMetrics;
import net.dv8tion.jda.api.requests.Route;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The acknowledgement latency: received → the interaction's callback sent, once, keyed by the interaction id. */
class AckTimerTest {
    @Test
    void theCallbackOfAReceivedInteractionIsTimedOnce() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        try (PrometheusMetrics metrics = new PrometheusMetrics()) {
            AckTimer timer = new AckTimer(metrics, now::get);
            timer.received(111L);
            timer.received(222L);
            now.addAndGet(40_000_000L); // 40 ms

            timer.sending(Route.Interactions.CALLBACK.compile("111", "secret-token"));
            timer.sending(Route.Interactions.CALLBACK.compile("111", "secret-token")); // a 429 retry: not again
            timer.sending(Route.Interactions.EDIT_FOLLOWUP.compile("9", "secret-token", "222")); // not a callback

            String scrape = metrics.scrape();
            assertTrue(scrape.contains("livemap_ack_latency_seconds_count 1"), scrape);
            assertTrue(scrape.contains("livemap_ack_latency_seconds_sum 0.04"), scrape);
            assertEquals(1, timer.waiting(), "222 is still waiting");
            assertTrue(!scrape.contains("secret-token") && !scrape.contains("111"));
        }
    }
}
