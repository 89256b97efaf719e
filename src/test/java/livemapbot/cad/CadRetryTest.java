package livemapbot.cad;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import livemapbot.cad.CadClientTestSupport.LogCapture;
import livemapbot.cad.CadClientTestSupport.RecordingSleeper;
import livemapbot.cad.CadException.Kind;
import livemapbot.config.ApiVersion;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static livemapbot.cad.CadClientTestSupport.KEY;
import static livemapbot.cad.CadClientTestSupport.NOW;
import static livemapbot.cad.CadClientTestSupport.client;
import static livemapbot.cad.CadClientTestSupport.json;
import static livemapbot.cad.CadClientTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retry counts and waits, timeouts and connection failures, for both API versions. */
class CadRetryTest {
    private static final String OK_SERVERS = "{\"servers\":[{\"id\":1,\"name\":\"One\"}]}";
    // Long enough that a loaded machine still sends the request before it fires (a write must have left).
    private static final Duration SHORT_CALL_TIMEOUT = Duration.ofSeconds(1);

    private MockWebServer server;
    private RecordingSleeper sleeper;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        sleeper = new RecordingSleeper();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CadClient cad(ApiVersion version) {
        return client(server, version, sleeper);
    }

    /** A successful answer to {@code write} or a read, in the version's own dialect. */
    private static MockResponse ok(ApiVersion version, boolean write) {
        return write && version == ApiVersion.V1 ? text(200, "Server config updated") : json(200, OK_SERVERS);
    }

    private static MockResponse tooMany(String retryAfter) {
        MockResponse.Builder b = new MockResponse.Builder().code(429).setHeader("Content-Type", "application/json")
                .body("{\"message\":\"API rate limit exceeded\"}");
        if (retryAfter != null) {
            b.setHeader("Retry-After", retryAfter);
        }
        return b.build();
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void aReadIsRetriedTwiceOn5xxWaitingOneThenTwoSeconds(ApiVersion version) throws Exception {
        server.enqueue(text(500, "boom"));
        server.enqueue(text(503, "busy"));
        server.enqueue(ok(version, false));

        assertEquals(1, cad(version).listServers().size());

        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeper.waits);
        assertEquals(3, server.getRequestCount());
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void aReadGivesUpAfterTwoRetries(ApiVersion version) {
        for (int i = 0; i < 4; i++) {
            server.enqueue(text(500, "boom"));
        }

        CadException e = assertThrows(CadException.class, cad(version)::listServers);

        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertEquals(3, server.getRequestCount());
        assertEquals(2, sleeper.waits.size());
    }

    @Test
    void thePlanReadIsRetriedToo() throws Exception {
        server.enqueue(text(502, "bad gateway"));
        server.enqueue(text(200, "3"));

        assertEquals(3, cad(ApiVersion.V1).plan().level());
        assertEquals(List.of(Duration.ofSeconds(1)), sleeper.waits);
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void a429WithoutRetryAfterWaitsOneThenTwoSeconds(ApiVersion version) throws Exception {
        server.enqueue(tooMany(null));
        server.enqueue(tooMany(null));
        server.enqueue(ok(version, false));

        cad(version).listServers();

        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeper.waits);
    }

    @Test
    void retryAfterSecondsIsHonoured() throws Exception {
        server.enqueue(tooMany("7"));
        server.enqueue(ok(ApiVersion.V2, false));

        cad(ApiVersion.V2).listServers();

        assertEquals(List.of(Duration.ofSeconds(7)), sleeper.waits);
    }

    @Test
    void retryAfterAsHttpDateIsHonoured() throws Exception {
        String inSixSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(6).atOffset(ZoneOffset.UTC));
        server.enqueue(tooMany(inSixSeconds));
        server.enqueue(ok(ApiVersion.V2, false));

        cad(ApiVersion.V2).listServers();

        assertEquals(List.of(Duration.ofSeconds(6)), sleeper.waits);
    }

    @Test
    void retryAfterInThePastMeansNoWait() throws Exception {
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.minusSeconds(30).atOffset(ZoneOffset.UTC));
        server.enqueue(tooMany(past));
        server.enqueue(ok(ApiVersion.V2, false));

        cad(ApiVersion.V2).listServers();

        assertEquals(List.of(Duration.ZERO), sleeper.waits);
    }

    @Test
    void exactlyTenSecondsIsStillWaited() throws Exception {
        server.enqueue(tooMany("10"));
        server.enqueue(ok(ApiVersion.V2, false));

        cad(ApiVersion.V2).listServers();

        assertEquals(List.of(Duration.ofSeconds(10)), sleeper.waits);
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void retryAfterOverTenSecondsGivesUpAtOnceWithThatWait(ApiVersion version) {
        server.enqueue(tooMany("45"));
        server.enqueue(ok(version, false));

        CadException e = assertThrows(CadException.class, cad(version)::listServers);

        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(45), e.retryAfter().orElseThrow());
        assertTrue(e.userMessage().contains("45 s"), e.userMessage());
        assertEquals(List.of(), sleeper.waits);
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void retryAfterDateOverTenSecondsGivesUpToo() {
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(60).atOffset(ZoneOffset.UTC));
        server.enqueue(tooMany(inAMinute));

        CadException e = assertThrows(CadException.class, cad(ApiVersion.V2)::listServers);

        assertEquals(Duration.ofSeconds(60), e.retryAfter().orElseThrow());
        assertEquals(List.of(), sleeper.waits);
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void persistent429EndsRateLimited(ApiVersion version) {
        for (int i = 0; i < 3; i++) {
            server.enqueue(tooMany(null));
        }

        CadException e = assertThrows(CadException.class, cad(version)::listServers);

        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertTrue(e.retryAfter().isEmpty());
        assertEquals(3, server.getRequestCount());
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void aWriteIsNotRetriedOn500AndMayHaveBeenApplied(ApiVersion version) {
        server.enqueue(text(500, "boom"));
        server.enqueue(ok(version, true));

        CadException e = assertThrows(CadException.class,
                () -> cad(version).replaceServers(List.of(ServerEntry.of(1, "One")), false));

        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertTrue(e.userMessage().contains("may or may not"), e.userMessage());
        assertTrue(e.userMessage().contains("/servers"), e.userMessage());
        assertEquals(1, server.getRequestCount());
        assertEquals(List.of(), sleeper.waits);
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void aWriteIsRetriedOn429(ApiVersion version) throws Exception {
        server.enqueue(tooMany("3"));
        server.enqueue(tooMany(null));
        server.enqueue(ok(version, true));

        cad(version).replaceServers(List.of(ServerEntry.of(1, "One")), true);

        assertEquals(3, server.getRequestCount());
        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(2)), sleeper.waits);
    }

    @Test
    void aWriteThatStays429SaysNothingChanged() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(tooMany(null));
        }

        CadException e = assertThrows(CadException.class,
                () -> cad(ApiVersion.V2).replaceServers(List.of(ServerEntry.of(1, "One")), false));

        assertEquals(Kind.RATE_LIMITED, e.kind());
        assertTrue(e.userMessage().contains("Nothing was changed"), e.userMessage());
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void aReadTimeoutIsRetriedThenUnavailable(ApiVersion version) {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder(json(200, OK_SERVERS)).headersDelay(5, TimeUnit.SECONDS).build());
        }
        CadClient cad = client(server, version, KEY, SHORT_CALL_TIMEOUT, sleeper);

        CadException e = assertThrows(CadException.class, cad::listServers);

        assertEquals(Kind.UNAVAILABLE, e.kind());
        // Issue 8: a read that got no answer says so, and that nothing was changed.
        assertEquals("Sonoran CAD did not answer within 12 s, so nothing was changed; try again in a minute.",
                e.userMessage());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeper.waits);
    }

    @Test
    void aSlowBodyTimesOutToo() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(new MockResponse.Builder(json(200, OK_SERVERS)).bodyDelay(5, TimeUnit.SECONDS).build());
        }
        CadClient cad = client(server, ApiVersion.V1, KEY, SHORT_CALL_TIMEOUT, sleeper);

        assertEquals(Kind.UNAVAILABLE, assertThrows(CadException.class, cad::listServers).kind());
    }

    @ParameterizedTest
    @EnumSource(ApiVersion.class)
    void aWriteTimeoutIsNotRetriedAndMayHaveBeenApplied(ApiVersion version) {
        server.enqueue(new MockResponse.Builder(ok(version, true)).headersDelay(5, TimeUnit.SECONDS).build());
        CadClient cad = client(server, version, KEY, SHORT_CALL_TIMEOUT, sleeper);

        CadException e = assertThrows(CadException.class,
                () -> cad.replaceServers(List.of(ServerEntry.of(1, "One")), true));

        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertTrue(e instanceof WriteOutcomeUnknownException, e.getClass().getName());
        assertTrue(e.userMessage().contains("may or may not have been applied"), e.userMessage());
        assertTrue(e.userMessage().contains("/servers"), e.userMessage());
        assertEquals(List.of(), sleeper.waits);
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void aConnectionDroppedAfterTheWriteWasSentMayHaveBeenApplied() {
        server.enqueue(new MockResponse.Builder(ok(ApiVersion.V1, true))
                .onResponseStart(new SocketEffect.CloseSocket()).build());
        CadClient cad = client(server, ApiVersion.V1, KEY, Duration.ofSeconds(2), sleeper);

        CadException e = assertThrows(CadException.class,
                () -> cad.replaceServers(List.of(ServerEntry.of(1, "One")), false));

        assertEquals(Kind.UNAVAILABLE, e.kind());
        assertTrue(e.userMessage().contains("may or may not have been applied"), e.userMessage());
        assertEquals(List.of(), sleeper.waits);
    }

    /**
     * "Never retried blindly": the read of a read-modify-write leaves a pooled connection, the write
     * goes out on it and the connection drops as the answer starts. OkHttp's default would send the
     * write again on a new connection (unpaced, unknown to the bot); it must go out exactly once.
     */
    @Test
    void aWriteOnAReusedConnectionThatDropsIsSentOnce() throws Exception {
        server.enqueue(ok(ApiVersion.V1, false));
        server.enqueue(new MockResponse.Builder(ok(ApiVersion.V1, true))
                .onResponseStart(new SocketEffect.CloseSocket()).build());
        server.enqueue(ok(ApiVersion.V1, true));
        CadClient cad = client(server, ApiVersion.V1, KEY, Duration.ofSeconds(2), sleeper);
        cad.listServers();

        CadException e = assertThrows(CadException.class,
                () -> cad.replaceServers(List.of(ServerEntry.of(1, "One")), true));

        assertTrue(e instanceof WriteOutcomeUnknownException, e.getClass().getName());
        assertEquals(2, server.getRequestCount(), "the read and exactly one write");
    }

    /** A redirect is not followed: it would carry the v1 body, API key included, to another address. */
    @Test
    void aRedirectIsNotFollowed() throws Exception {
        MockWebServer elsewhere = new MockWebServer();
        elsewhere.start();
        try {
            server.enqueue(new MockResponse.Builder().code(307)
                    .addHeader("Location", elsewhere.url("/general/set_servers").toString()).build());
            CadClient cad = client(server, ApiVersion.V1, KEY, Duration.ofSeconds(2), sleeper);

            assertThrows(CadException.class, () -> cad.replaceServers(List.of(ServerEntry.of(1, "One")), false));

            assertEquals(0, elsewhere.getRequestCount());
        } finally {
            elsewhere.close();
        }
    }

    @Test
    void aRefusedConnectionIsRetriedForReadsAndNeverReachedForWrites() throws Exception {
        MockWebServer closed = new MockWebServer();
        closed.start();
        closed.close();
        CadClient cad = client(closed, ApiVersion.V1, KEY, Duration.ofSeconds(2), sleeper);

        CadException read = assertThrows(CadException.class, cad::listServers);
        assertEquals(Kind.UNAVAILABLE, read.kind());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeper.waits);

        sleeper.waits.clear();
        CadException write = assertThrows(CadException.class, () -> cad.replaceServers(List.of(), false));
        assertEquals(Kind.UNAVAILABLE, write.kind());
        assertTrue(write.userMessage().contains("nothing was changed"), write.userMessage());
        assertFalse(write.userMessage().contains("may or may not"), write.userMessage());
        assertEquals(List.of(), sleeper.waits);
    }

    @Test
    void eachRetryIsLoggedAtWarnWithoutTheKey() throws Exception {
        server.enqueue(text(500, "failed for key " + KEY));
        server.enqueue(tooMany("1"));
        server.enqueue(ok(ApiVersion.V1, false));

        try (LogCapture logs = new LogCapture()) {
            cad(ApiVersion.V1).listServers();

            List<ILoggingEvent> warnings = logs.events().stream().filter(e -> e.getLevel() == Level.WARN).toList();
            assertEquals(2, warnings.size(), logs.allText());
            assertTrue(warnings.get(0).getFormattedMessage().contains("LIST_SERVERS"));
            assertTrue(warnings.get(0).getFormattedMessage().contains("500"));
            assertTrue(warnings.get(1).getFormattedMessage().contains("429"));
            assertFalse(logs.allText().contains(KEY), logs.allText());
        }
    }

    @Test
    void anInterruptedWaitStopsRetryingAndKeepsTheInterruptFlag() {
        server.enqueue(text(500, "boom"));
        CadClient cad = CadClients.create(CadClientTestSupport.settings(server, ApiVersion.V1, KEY),
                CadClientTestSupport.BASE, d -> {
                    throw new InterruptedException("test");
                });

        try {
            CadException e = assertThrows(CadException.class, cad::listServers);
            assertEquals(Kind.UNAVAILABLE, e.kind());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }
}
