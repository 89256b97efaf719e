package livemapbot.cad.emulator;

import livemapbot.testing.MutableClock;
import static livemapbot.cad.emulator.EmulatorHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import livemapbot.cad.CadOperation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private SonoranEmulator emulator;

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void offByDefault() {
        emulator = SonoranEmulator.builder().clock(clock).start();
        EmulatorHttp http = new EmulatorHttp(emulator);
        for (int i = 0; i < RateLimiter.LIMIT + 5; i++) {
            assertEquals(200, http.v2Get(V2Api.SERVERS_PATH).statusCode());
        }
    }

    @Test
    void eleventhCallInAMinuteIsA429WithRetryAfter() {
        emulator = SonoranEmulator.builder().clock(clock).rateLimit(true).start();
        EmulatorHttp http = new EmulatorHttp(emulator);
        for (int i = 0; i < RateLimiter.LIMIT; i++) {
            assertEquals(200, http.v2Get(V2Api.SERVERS_PATH).statusCode());
            clock.advance(Duration.ofSeconds(1));
        }

        HttpResponse<String> limited = http.v2Get(V2Api.SERVERS_PATH);

        assertEquals(429, limited.statusCode());
        assertTrue(EmulatorHttp.contentType(limited).startsWith("application/json"));
        JsonNode body = json(limited);
        assertEquals(Problems.RATE_LIMIT_MESSAGE, body.get("message").asText());
        assertFalse(body.get("request_id").asText().isBlank());
        // The first call was 10 s ago, so its slot frees in 50 s.
        assertEquals("50", limited.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(RateLimiter.LIMIT + 1, emulator.callCount(CadOperation.LIST_SERVERS));
    }

    @Test
    void limitIsPerEndpointAndSlidesWithTime() {
        emulator = SonoranEmulator.builder().clock(clock).rateLimit(true).start();
        EmulatorHttp http = new EmulatorHttp(emulator);
        for (int i = 0; i < RateLimiter.LIMIT; i++) {
            http.v2Get(V2Api.SERVERS_PATH);
        }
        assertEquals(429, http.v2Get(V2Api.SERVERS_PATH).statusCode());
        assertEquals(200, http.v2Get(V2Api.VERSION_PATH).statusCode());

        clock.advance(Duration.ofSeconds(60));

        assertEquals(200, http.v2Get(V2Api.SERVERS_PATH).statusCode());
    }

    @Test
    void appliesToV1TooAndOnlyAfterAuthentication() {
        emulator = SonoranEmulator.builder().clock(clock).start();
        emulator.setRateLimit(true);
        EmulatorHttp http = new EmulatorHttp(emulator);
        for (int i = 0; i < 20; i++) {
            assertEquals(401, http.get(V2Api.VERSION_PATH, "Bearer wrong").statusCode());
        }
        for (int i = 0; i < RateLimiter.LIMIT; i++) {
            assertEquals(200, http.v1("/general/get_version", http.envelope("GET_VERSION")).statusCode());
        }

        HttpResponse<String> limited = http.v1("/general/get_version", http.envelope("GET_VERSION"));

        assertEquals(429, limited.statusCode());
        assertEquals("60", limited.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void switchingOffLiftsTheLimit() {
        emulator = SonoranEmulator.builder().clock(clock).rateLimit(true).start();
        EmulatorHttp http = new EmulatorHttp(emulator);
        for (int i = 0; i <= RateLimiter.LIMIT; i++) {
            http.v2Get(V2Api.SERVERS_PATH);
        }
        emulator.setRateLimit(false);
        assertEquals(200, http.v2Get(V2Api.SERVERS_PATH).statusCode());
        emulator.setRateLimit(true);
        assertEquals(200, http.v2Get(V2Api.SERVERS_PATH).statusCode());
    }
}
