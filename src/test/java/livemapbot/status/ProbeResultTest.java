package livemapbot.status;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

import static livemapbot.status.ProbeTestSupport.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The words a card will show: issue 11's "🟢 Online · 12/64 players · sonorancad 4.0.104 · push path OK · checked 20 s ago". */
class ProbeResultTest {
    private static final Instant AT = Instant.parse("2026-12-03T08:00:00Z");

    private static ProbeResult online() {
        GameServerInfo game = new GameServerInfo("Demo", OptionalInt.of(12), OptionalInt.of(64), "FXServer",
                true, "4.0.104", PushPath.ANSWERS);
        return new ProbeResult(1, "51.79.1.2:30120", ProbeVerdict.ONLINE, null, "", AT, game, null, true, List.of());
    }

    @Test
    void theStatusLineOfTheIssue() {
        assertEquals("🟢 Online · 12/64 players · sonorancad 4.0.104 · push path OK · checked 20 s ago",
                online().statusLine(AT.plusSeconds(20)));
    }

    @Test
    void theAgeIsCoarse() {
        ProbeResult r = online();
        assertEquals("just now", r.age(AT.plusSeconds(2)));
        assertEquals("3 min ago", r.age(AT.plus(Duration.ofSeconds(200))));
        assertEquals("2 h ago", r.age(AT.plus(Duration.ofMinutes(150))));
        assertEquals("just now", r.age(AT.minusSeconds(30)), "a clock step back is not a negative age");
    }

    @Test
    void notProbedAndUnreachableLines() {
        ProbeResult off = ProbeResult.notProbed(entry(2, "", 30120, true), "", ProbeReason.PROBING_OFF, "", null, AT);
        ProbeResult down = new ProbeResult(3, "51.79.1.3:30120", ProbeVerdict.UNREACHABLE, ProbeReason.TIMEOUT, "",
                AT, null, null, true, List.of());

        assertEquals("⚪ Not probed (probing is off) · checked just now", off.statusLine(AT));
        assertEquals("🔴 Unreachable from the bot (timed out) · checked 1 min ago", down.statusLine(AT.plusSeconds(61)));
    }

    @Test
    void aReasonMustQualifyItsVerdict() {
        assertThrows(IllegalArgumentException.class, () -> new ProbeResult(1, "", ProbeVerdict.ONLINE,
                ProbeReason.TIMEOUT, "", AT, null, null, true, List.of()));
    }
}
