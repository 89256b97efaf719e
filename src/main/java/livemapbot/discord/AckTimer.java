package livemapbot.discord;

import livemapbot.metrics.BotMetrics;
import net.dv8tion.jda.api.requests.Route;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Times each interaction from the moment the router receives it to the moment its acknowledgement
 * (the one interaction callback: a reply, a deferral, a modal) is sent, for the acknowledgement
 * latency histogram. Keyed by the interaction id, which the callback's route carries; the token in
 * that route is never kept. An interaction never acknowledged is forgotten after {@link #FORGET_AFTER}.
 */
public final class AckTimer {
    /** Discord drops an interaction not acknowledged within 3 s; anything much older is not waited for. */
    static final Duration FORGET_AFTER = Duration.ofMinutes(1);
    private static final int PRUNE_ABOVE = 1_000;

    private final BotMetrics metrics;
    private final LongSupplier nanoClock;
    private final Map<Long, Long> received = new ConcurrentHashMap<>();

    public AckTimer(BotMetrics metrics) {
        this(metrics, System::nanoTime);
    }

    AckTimer(BotMetrics metrics, LongSupplier nanoClock) {
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    /** An interaction reached the bot (on JDA's event thread). */
    void received(long interactionId) {
        if (metrics == BotMetrics.off()) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (received.size() > PRUNE_ABOVE) {
            received.values().removeIf(at -> now - at > FORGET_AFTER.toNanos());
        }
        received.put(interactionId, now);
    }

    /** A REST call is about to be sent; if it is an interaction callback, that interaction is acknowledged. */
    void sending(Route.CompiledRoute route) {
        if (received.isEmpty() || route == null || route.getBaseRoute() != Route.Interactions.CALLBACK) {
            return;
        }
        // interactions/{interaction_id}/{interaction_token}/callback
        String compiled = route.getCompiledRoute();
        int from = compiled.indexOf('/') + 1;
        int to = compiled.indexOf('/', from);
        if (from <= 0 || to < 0) {
            return;
        }
        Long at;
        try {
            at = received.remove(Long.parseLong(compiled.substring(from, to)));
        } catch (NumberFormatException e) {
            return;
        }
        if (at != null) {
            metrics.acknowledged(Duration.ofNanos(nanoClock.getAsLong() - at));
        }
    }

    /** Interactions received and not acknowledged yet; for tests. */
    int waiting() {
        return received.size();
    }
}
