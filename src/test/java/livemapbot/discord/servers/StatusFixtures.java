package livemapbot.discord.servers;

import livemapbot.cad.ServerEntry;
import livemapbot.status.Check;
import livemapbot.status.GameServerInfo;
import livemapbot.status.ProbeReason;
import livemapbot.status.ProbeResult;
import livemapbot.status.ProbeVerdict;
import livemapbot.status.Prober;
import livemapbot.status.PushPath;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Probe results as the probe makes them, and a {@link Prober} without network, for this package's tests. */
final class StatusFixtures {
    private StatusFixtures() {
    }

    /** "🟢 Online · 12/64 players · sonorancad 4.0.104 · push path OK", observed at {@code at}. */
    static ProbeResult online(int serverId, Instant at) {
        GameServerInfo game = new GameServerInfo("Demo Roleplay", OptionalInt.of(12), OptionalInt.of(64),
                "FXServer-master SERVER v1.0.0.12345 linux", true, "4.0.104", PushPath.ANSWERS);
        return new ProbeResult(serverId, "198.51.100.1:30120", ProbeVerdict.ONLINE, null, "", at, game, null, true,
                List.of(new Check(Check.GAME_SERVER, Check.State.OK, "answers, 12/64 players", ""),
                        new Check(Check.RESOURCE, Check.State.OK, "started, version 4.0.104", ""),
                        new Check(Check.PUSH_PATH, Check.State.OK, "answers", "")));
    }

    /** Online without sonorancad: the resource check failed with its next step; the push path was 404. */
    static ProbeResult withoutResource(int serverId, Instant at) {
        GameServerInfo game = new GameServerInfo("Demo", OptionalInt.of(3), OptionalInt.of(32), null, false, null,
                PushPath.NO_RESOURCE);
        return new ProbeResult(serverId, "198.51.100.1:30120", ProbeVerdict.ONLINE_RESOURCE_NOT_RUNNING, null, "", at,
                game, null, true, List.of(
                new Check(Check.GAME_SERVER, Check.State.OK, "answers, 3/32 players", ""),
                new Check(Check.RESOURCE, Check.State.FAILED, "not among the started resources",
                        "Start it: add ensure sonorancad to server.cfg."),
                new Check(Check.PUSH_PATH, Check.State.FAILED, "HTTP 404 \"Route /sonorancad/status not found.\"",
                        "No resource named sonorancad is started.")));
    }

    /** Unreachable (timed out): the first check failed, the others were not asked. */
    static ProbeResult unreachable(int serverId, Instant at) {
        return new ProbeResult(serverId, "198.51.100.1:30120", ProbeVerdict.UNREACHABLE, ProbeReason.TIMEOUT, "", at,
                GameServerInfo.UNKNOWN, null, true, List.of(
                new Check(Check.GAME_SERVER, Check.State.FAILED, "timed out", ProbeReason.TIMEOUT.nextStep()),
                new Check(Check.RESOURCE, Check.State.NOT_RUN, "not asked (an earlier check failed)", ""),
                new Check(Check.PUSH_PATH, Check.State.NOT_RUN, "not asked (an earlier check failed)", "")));
    }

    /**
     * A {@link Prober} that answers each server with the result a test set (online by default),
     * observed on {@code clock}, and counts the probes.
     */
    static final class ScriptedProber implements Prober {
        private final Clock clock;
        private final Map<Integer, ProbeVerdict> verdicts = new ConcurrentHashMap<>();
        final AtomicInteger probes = new AtomicInteger();

        ScriptedProber(Clock clock) {
            this.clock = clock;
        }

        void answer(int serverId, ProbeVerdict verdict) {
            verdicts.put(serverId, verdict);
        }

        @Override
        public Optional<String> target(ServerEntry entry) {
            return Optional.of(entry.mapIp() + ":" + entry.listenerPort() + "#" + entry.id());
        }

        @Override
        public Optional<ProbeResult> withoutNetwork(ServerEntry entry) {
            return Optional.empty();
        }

        @Override
        public ProbeResult probe(ServerEntry entry) {
            probes.incrementAndGet();
            ProbeVerdict verdict = verdicts.getOrDefault(entry.id(), ProbeVerdict.ONLINE);
            Instant at = clock.instant();
            return switch (verdict) {
                case UNREACHABLE -> unreachable(entry.id(), at);
                case ONLINE_RESOURCE_NOT_RUNNING -> withoutResource(entry.id(), at);
                default -> online(entry.id(), at);
            };
        }
    }
}
