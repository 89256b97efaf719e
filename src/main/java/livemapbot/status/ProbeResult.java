package livemapbot.status;

import livemapbot.cad.ServerEntry;
import livemapbot.net.AddressRules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one probe of one server observed, and when. Immutable.
 *
 * @param serverId    the CAD server's id
 * @param target      {@code host:port} that was (or would have been) asked; empty when there is none
 * @param verdict     the conclusion
 * @param reason      why unreachable / blocked / not probed; null for the {@code ONLINE…} verdicts
 * @param detail      a few more words on the reason (e.g. "10.0.0.5 is a private network address"); may be empty
 * @param observedAt  when the probe finished (or decided not to probe)
 * @param game        what the game server said about itself; {@link GameServerInfo#UNKNOWN} when nothing
 * @param addressKind the kind of non-public address mapIp is or resolves to ({@link AddressRules}); null when
 *                    public or unknown
 * @param mapEnabled  the CAD entry's {@code enableMap}, for {@link #hints()}
 * @param checks      the three requests, in order; empty when nothing was sent
 */
public record ProbeResult(
        int serverId,
        String target,
        ProbeVerdict verdict,
        ProbeReason reason,
        String detail,
        Instant observedAt,
        GameServerInfo game,
        AddressRules.Kind addressKind,
        boolean mapEnabled,
        List<Check> checks) {

    public ProbeResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(observedAt, "observedAt");
        target = target == null ? "" : target;
        detail = detail == null ? "" : detail;
        game = game == null ? GameServerInfo.UNKNOWN : game;
        checks = List.copyOf(checks);
        if (reason != null && reason.verdict() != verdict) {
            throw new IllegalArgumentException(reason + " does not qualify " + verdict);
        }
    }

    /** A server the probe did not contact. */
    static ProbeResult notProbed(ServerEntry entry, String target, ProbeReason reason, String detail,
            AddressRules.Kind kind, Instant at) {
        return new ProbeResult(entry.id(), target, ProbeVerdict.NOT_PROBED, reason, detail, at,
                GameServerInfo.UNKNOWN, kind, entry.enableMap(), List.of());
    }

    /** The same observation seen through another (or a changed) CAD entry with the same target. */
    public ProbeResult forEntry(ServerEntry entry) {
        return new ProbeResult(entry.id(), target, verdict, reason, detail, observedAt, game, addressKind,
                entry.enableMap(), checks);
    }

    /** The configuration hints this observation makes possible. */
    public List<ConfigHint> hints() {
        List<ConfigHint> hints = new ArrayList<>();
        if (!mapEnabled && Boolean.TRUE.equals(game.resourceRunning())) {
            hints.add(ConfigHint.RESOURCE_RUNS_BUT_MAP_DISABLED);
        }
        if (addressKind == AddressRules.Kind.DOCUMENTATION) {
            hints.add(ConfigHint.DOCUMENTATION_ADDRESS);
        } else if (addressKind != null && addressKind != AddressRules.Kind.PUBLIC) {
            hints.add(ConfigHint.PRIVATE_ADDRESS);
        }
        return hints;
    }

    /**
     * The status line of a card: emoji, {@link #summary()} and the age, e.g.
     * "🟢 Online · 12/64 players · sonorancad 4.0.104 · push path OK · checked 20 s ago". No markup;
     * the host name is not in it (it is text from the game server: escape it where it is shown).
     */
    public String statusLine(Instant now) {
        return verdict.emoji() + " " + summary() + " · checked " + age(now);
    }

    /** "just now", "20 s ago", "3 min ago", "2 h ago". */
    String age(Instant now) {
        long seconds = Math.max(0, Duration.between(observedAt, now).toSeconds());
        if (seconds < 5) {
            return "just now";
        }
        if (seconds < 60) {
            return seconds + " s ago";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min ago";
        }
        return seconds / 3600 + " h ago";
    }

    /**
     * One line without time or markup, e.g. "Online · 12/64 players · sonorancad 4.0.104 · push path OK"
     * or "Unreachable from the bot (connection refused)".
     */
    public String summary() {
        List<String> parts = new ArrayList<>();
        parts.add(reason == null ? verdict.label() : verdict.label() + " (" + reason.words() + ")");
        if (verdict.answered()) {
            if (!game.playersText().isEmpty()) {
                parts.add(game.playersText());
            }
            if (Boolean.TRUE.equals(game.resourceRunning())) {
                parts.add(game.resourceVersion() == null ? "sonorancad" : "sonorancad " + game.resourceVersion());
            }
            if (game.pushPath() != PushPath.NOT_CHECKED) {
                parts.add(game.pushPath().words());
            }
        }
        return String.join(" · ", parts);
    }
}
