package livemapbot.status;

import livemapbot.cad.ServerEntry;

import java.util.Optional;

/** What {@link StatusProbes} needs from a probe; {@link GameServerProbe} in production, a fake in tests. */
public interface Prober {
    /** {@code host:port} the entry points at, empty when it has no usable address. Never blocks. */
    Optional<String> target(ServerEntry entry);

    /** The verdict when no network is needed (probing off, no address, …). Never blocks. */
    Optional<ProbeResult> withoutNetwork(ServerEntry entry);

    /** Probes the entry's game server; may block for seconds. */
    ProbeResult probe(ServerEntry entry);
}
