package livemapbot.discord.setmap;

import livemapbot.cad.ServerEntry;
import livemapbot.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An open edit form keeps the server as it showed it, until it expires; memory stays bounded. */
class OpenFormsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final OpenForms forms = new OpenForms(clock);

    @Test
    void aFormIsKeptUntilItExpires() {
        ServerEntry seen = ServerEntry.of(1, "Main");
        String key = forms.put(new OpenForms.Form(7, seen, clock.instant().plus(Duration.ofMinutes(15))));
        assertEquals(PreviewStore.KEY_LENGTH, key.length());
        assertEquals(seen, forms.get(key).orElseThrow().seen());
        clock.advance(Duration.ofMinutes(15));
        assertTrue(forms.get(key).isEmpty(), "expired");
    }

    @Test
    void atCapacityTheFormClosestToExpiryMakesRoom() {
        Instant soon = clock.instant().plus(Duration.ofMinutes(1));
        String first = forms.put(new OpenForms.Form(1, ServerEntry.of(1, "a"), soon));
        String last = null;
        for (int i = 0; i < OpenForms.CAPACITY; i++) {
            last = forms.put(new OpenForms.Form(1, ServerEntry.of(1, "a"), soon.plus(Duration.ofMinutes(5))));
        }
        assertTrue(forms.get(first).isEmpty(), "the oldest made room");
        assertTrue(forms.get(last).isPresent());
    }
}
