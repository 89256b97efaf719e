package livemapbot.metrics;

import livemapbot.metrics.BotMetrics.CommandOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The facade: what it exports, under which names and labels, and that labels never carry an id or free text. */
class BotMetricsTest {
    /**
     * README: livemap_guilds counts the guilds set up. Micrometer holds a gauge's object weakly: a
     * supplier nothing else keeps (multi mode's {@code communities::count}) would be collected and
     * the gauge read NaN after the next GC.
     */
    @Test
    void theGuildCountSurvivesGarbageCollection() throws Exception {
        try (PrometheusMetrics metrics = new PrometheusMetrics()) {
            int[] guilds = {7};
            java.util.function.IntSupplier count = () -> guilds[0];
            java.lang.ref.WeakReference<Object> watched = new java.lang.ref.WeakReference<>(count);
            metrics.guildsSetUp(count);
            count = null;
            for (int i = 0; i < 20 && watched.get() != null; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertTrue(metrics.scrape().contains("livemap_guilds 7.0"), metrics.scrape());
        }
    }

    @Test
    void eachCallMovesItsMetricWithItsLabels() {
        try (PrometheusMetrics metrics = new PrometheusMetrics()) {
            metrics.command("servers", "slash", CommandOutcome.OK);
            metrics.command("servers", "slash", CommandOutcome.OK);
            metrics.command("setmap", "button", CommandOutcome.BUSY);
            metrics.acknowledged(Duration.ofMillis(7));
            metrics.acknowledged(Duration.ofSeconds(4));
            metrics.sonoranCall("LIST_SERVERS", "RATE_LIMITED", Duration.ofMillis(30));
            metrics.rateLimitWait("pace", Duration.ofMillis(500));
            metrics.conflict("fields");
            metrics.driftDetected("EDITED");
            metrics.probeVerdict("UNREACHABLE");
            metrics.storeCall("reading_history", false, Duration.ofMillis(3));
            metrics.guildsSetUp(() -> 3);

            String scrape = metrics.scrape();

            assertTrue(scrape.contains("livemap_commands_total{command=\"servers\",kind=\"slash\",outcome=\"ok\"} 2.0"), scrape);
            assertTrue(scrape.contains("livemap_commands_total{command=\"setmap\",kind=\"button\",outcome=\"busy\"} 1.0"));
            assertTrue(scrape.contains("livemap_ack_latency_seconds_bucket{le=\"0.01\"} 1"), scrape);
            assertTrue(scrape.contains("livemap_ack_latency_seconds_bucket{le=\"3.0\"} 1"));
            assertTrue(scrape.contains("livemap_ack_latency_seconds_count 2"));
            assertTrue(scrape.contains("livemap_sonoran_calls_seconds_count{operation=\"list_servers\",outcome=\"rate_limited\"} 1"));
            assertTrue(scrape.contains("livemap_rate_limit_waits_seconds_sum{source=\"pace\"} 0.5"));
            assertTrue(scrape.contains("livemap_conflicts_total{kind=\"fields\"} 1.0"));
            assertTrue(scrape.contains("livemap_drift_detections_total{kind=\"edited\"} 1.0"));
            assertTrue(scrape.contains("livemap_probe_verdicts_total{verdict=\"unreachable\"} 1.0"));
            assertTrue(scrape.contains("livemap_store_calls_seconds_count{operation=\"reading_history\",outcome=\"failed\"} 1"));
            assertTrue(scrape.contains("livemap_guilds 3.0"));
            assertTrue(scrape.contains("jvm_memory_used_bytes{"));
        }
    }

    @Test
    void labelsAreShortLowerCaseWordsWhateverTheyAreGiven() {
        assertEquals("list_servers", PrometheusMetrics.label("LIST_SERVERS"));
        assertEquals("a_b__c_", PrometheusMetrics.label("a b\"}c\n"));
        assertEquals("none", PrometheusMetrics.label(""));
        assertEquals(40, PrometheusMetrics.label("x".repeat(500)).length());
    }

    @Test
    void offCountsNothingAndIsOneInstance() {
        BotMetrics off = BotMetrics.off();
        off.command("servers", "slash", CommandOutcome.OK);
        off.guildsSetUp(() -> {
            throw new AssertionError("never asked");
        });
        assertTrue(off == BotMetrics.off());
    }

    @Test
    void healthIsUpOnlyWhenEveryCheckPassesAndSaysWhichFailed() {
        Health.Check fine = Health.of("store", () -> { });
        Health.Check broken = Health.of("store", () -> {
            throw new IllegalStateException("The bot's database is unavailable (checking the database): refused");
        });
        Health.Check connected = Health.gateway(() -> List.of(new Health.ShardState(0, true, "CONNECTED")));
        Health.Check halfDown = Health.gateway(() -> List.of(new Health.ShardState(0, true, "CONNECTED"),
                new Health.ShardState(1, false, "RECONNECT_QUEUED")));
        try (Health up = new Health(List.of(connected, fine));
             Health down = new Health(List.of(halfDown, broken));
             Health starting = new Health(List.of(Health.gateway(List::of)))) {
            assertEquals(new Health.Verdict(true, List.of()), up.check());
            assertEquals("{\"status\":\"up\"}", up.check().json());

            Health.Verdict verdict = down.check();
            assertFalse(verdict.up());
            assertEquals(List.of("gateway: shard 1 is RECONNECT_QUEUED",
                    "store: The bot's database is unavailable (checking the database): refused"), verdict.reasons());
            assertEquals("{\"status\":\"down\",\"reasons\":[\"gateway: shard 1 is RECONNECT_QUEUED\","
                    + "\"store: The bot's database is unavailable (checking the database): refused\"]}", verdict.json());
            assertEquals(List.of("gateway: not connected yet"), starting.check().reasons());
        }
    }

    @Test
    void aCheckThatHangsFailsWithinTheTimeout() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Health.Check hung = new Health.Check() {
            @Override
            public String name() {
                return "store";
            }

            @Override
            public Optional<String> problem() {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.empty();
            }
        };
        try (Health health = new Health(List.of(hung), Duration.ofMillis(200))) {
            long started = System.nanoTime();
            Health.Verdict verdict = health.check();
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(2)) < 0);
            assertEquals(List.of("store: did not answer within 200 ms"), verdict.reasons());
        }
    }

    @Test
    void jsonReasonsAreEscaped() {
        assertEquals("{\"status\":\"down\",\"reasons\":[\"a \\\"b\\\"\\n\\\\\"]}",
                new Health.Verdict(false, List.of("a \"b\"\n\\")).json());
    }
}
