package livemapbot.cad.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import livemapbot.cad.CadOperation;

/**
 * Sonoran v2's documented limit, 10 requests per minute per endpoint and key, as a sliding window.
 * The emulator has one key, so the window is kept per endpoint only.
 */
final class RateLimiter {
    static final int LIMIT = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final Clock clock;
    private final Map<CadOperation, Deque<Instant>> accepted = new EnumMap<>(CadOperation.class);

    RateLimiter(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes one request from {@code operation}'s budget. Empty when allowed; otherwise the whole
     * seconds until the oldest request in the window expires (at least 1), the {@code Retry-After}.
     */
    synchronized OptionalLong acquire(CadOperation operation) {
        Instant now = clock.instant();
        Deque<Instant> window = accepted.computeIfAbsent(operation, op -> new ArrayDeque<>());
        while (!window.isEmpty() && !window.peekFirst().plus(WINDOW).isAfter(now)) {
            window.removeFirst();
        }
        if (window.size() < LIMIT) {
            window.addLast(now);
            return OptionalLong.empty();
        }
        Duration wait = Duration.between(now, window.peekFirst().plus(WINDOW));
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return OptionalLong.of(Math.max(1, seconds));
    }

    /** Forgets every counted request, so switching the limit on starts with a full budget. */
    synchronized void reset() {
        accepted.clear();
    }
}
