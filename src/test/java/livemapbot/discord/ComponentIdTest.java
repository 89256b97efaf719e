package livemapbot.discord;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComponentIdTest {
    private static final Instant EXPIRY = Instant.parse("2026-11-23T12:10:00Z");

    @Test
    void encodesShortAndParsesBack() {
        ComponentId id = new ComponentId("setmap", "confirm", "aB3-x_9QzK", EXPIRY);
        String raw = id.encode();
        assertTrue(raw.length() <= ComponentId.MAX_LENGTH);
        assertEquals(Optional.of(id), ComponentId.parse(raw));
    }

    @Test
    void expiresAtItsInstant() {
        ComponentId id = new ComponentId("servers", "page", "2", EXPIRY);
        assertFalse(id.isExpired(EXPIRY.minusSeconds(1)));
        assertTrue(id.isExpired(EXPIRY));
    }

    @Test
    void rejectsWhatItDidNotMake() {
        assertEquals(Optional.empty(), ComponentId.parse("garbage"));
        assertEquals(Optional.empty(), ComponentId.parse("a:b:c:not-base36!"));
        assertEquals(Optional.empty(), ComponentId.parse("a:b:c:d:e"));
        assertEquals(Optional.empty(), ComponentId.parse(null));
        assertThrows(IllegalArgumentException.class, () -> new ComponentId("a:b", "x", "", EXPIRY));
        assertThrows(IllegalArgumentException.class, () -> new ComponentId("a", "x", "y".repeat(95), EXPIRY));
    }
}
