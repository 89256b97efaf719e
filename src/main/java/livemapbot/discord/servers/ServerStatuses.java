package livemapbot.discord.servers;

import livemapbot.status.ProbeResult;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The live status of the servers as one {@code /servers} answer shows it: what is known at
 * {@code now}, and which probes were still running. JDA-free; {@link ServerEmbeds} renders it.
 *
 * @param shown   false when probing is off ({@code probe.enabled=false}): the cards carry no status
 * @param known   the latest result per server id (fresh, or older while a new probe runs)
 * @param pending the server ids whose probe had not finished
 * @param now     the time the ages ("checked 20 s ago") are counted from
 */
public record ServerStatuses(boolean shown, Map<Integer, ProbeResult> known, Set<Integer> pending, Instant now) {
    /** Probing is off: no status at all. */
    public static final ServerStatuses NONE = new ServerStatuses(false, Map.of(), Set.of(), Instant.EPOCH);

    public ServerStatuses {
        known = Map.copyOf(known);
        pending = Set.copyOf(pending);
    }

    /** Whether every probe of the answer had finished. */
    public boolean complete() {
        return pending.isEmpty();
    }

    public Optional<ProbeResult> result(int serverId) {
        return Optional.ofNullable(known.get(serverId));
    }

    public boolean isPending(int serverId) {
        return pending.contains(serverId);
    }
}
