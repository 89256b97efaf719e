package livemapbot.cad.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import livemapbot.cad.CadOperation;
import livemapbot.config.ApiVersion;

/**
 * Everything the emulated community holds, and everything tests watch, behind one monitor:
 * HTTP handlers run on several threads while a test changes state behind the bot's back.
 */
final class EmulatorState {
    private final String communityId;
    private final String apiKey;
    private final Clock clock;
    private final RateLimiter rateLimiter;

    private ArrayNode servers;
    private int plan;
    private final List<RecordedWrite> writes = new ArrayList<>();
    private final Map<CadOperation, Integer> calls = new EnumMap<>(CadOperation.class);
    private long totalCalls;
    private final Deque<InjectedFailure> pendingFailures = new ArrayDeque<>();
    private Duration delay = Duration.ZERO;
    private boolean rateLimited;

    EmulatorState(String communityId, String apiKey, int plan, ArrayNode servers, boolean rateLimited, Clock clock) {
        this.communityId = communityId;
        this.apiKey = apiKey;
        this.plan = plan;
        this.servers = validated(servers).deepCopy();
        this.rateLimited = rateLimited;
        this.clock = clock;
        this.rateLimiter = new RateLimiter(clock);
    }

    String communityId() {
        return communityId;
    }

    String apiKey() {
        return apiKey;
    }

    synchronized int plan() {
        return plan;
    }

    synchronized void setPlan(int plan) {
        if (plan < 0) {
            throw new IllegalArgumentException("plan must be >= 0, was " + plan);
        }
        this.plan = plan;
    }

    synchronized ArrayNode servers() {
        return servers.deepCopy();
    }

    synchronized void setServers(ArrayNode replacement) {
        servers = validated(replacement).deepCopy();
    }

    /** Edits the entry with {@code id} on a copy, so a failing edit leaves the list as it was. */
    synchronized void updateServer(int id, Consumer<ObjectNode> edit) {
        for (int i = 0; i < servers.size(); i++) {
            JsonNode entryId = servers.get(i).path("id");
            if (entryId.isIntegralNumber() && entryId.asLong() == id) {
                ObjectNode copy = (ObjectNode) servers.get(i).deepCopy();
                edit.accept(copy);
                ArrayNode replacement = servers.deepCopy();
                replacement.set(i, copy);
                servers = validated(replacement);
                return;
            }
        }
        throw new IllegalArgumentException("no server with id " + id);
    }

    /** A write through the API: replaces the whole list with exactly what was sent and logs it. */
    synchronized ArrayNode acceptWrite(ApiVersion api, ArrayNode sent, boolean deployMap, String body) {
        servers = validated(sent).deepCopy();
        writes.add(new RecordedWrite(api, deployMap, sent, body, clock.instant()));
        notifyAll();
        return servers.deepCopy();
    }

    synchronized List<RecordedWrite> writes() {
        return List.copyOf(writes);
    }

    synchronized void recordCall(Optional<CadOperation> operation) {
        totalCalls++;
        operation.ifPresent(op -> calls.merge(op, 1, Integer::sum));
        notifyAll();
    }

    synchronized int callCount(CadOperation operation) {
        return calls.getOrDefault(operation, 0);
    }

    synchronized long totalCalls() {
        return totalCalls;
    }

    synchronized void clearHistory() {
        calls.clear();
        totalCalls = 0;
        writes.clear();
    }

    /** Waits until {@code operation} was called at least {@code count} times; false on timeout. */
    synchronized boolean awaitCalls(CadOperation operation, int count, Duration timeout) throws InterruptedException {
        return awaitCondition(() -> callCount(operation) >= count, timeout);
    }

    synchronized boolean awaitWrites(int count, Duration timeout) throws InterruptedException {
        return awaitCondition(() -> writes.size() >= count, timeout);
    }

    private boolean awaitCondition(java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            wait(Math.max(1, remaining / 1_000_000));
        }
        return true;
    }

    synchronized void failNext(int times, InjectedFailure failure) {
        if (times < 0) {
            throw new IllegalArgumentException("times must be >= 0, was " + times);
        }
        for (int i = 0; i < times; i++) {
            pendingFailures.addLast(failure);
        }
    }

    synchronized Optional<InjectedFailure> takeFailure() {
        return Optional.ofNullable(pendingFailures.pollFirst());
    }

    synchronized Duration delay() {
        return delay;
    }

    synchronized void setDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative");
        }
        this.delay = delay;
    }

    synchronized void setRateLimited(boolean enabled) {
        if (enabled && !rateLimited) {
            rateLimiter.reset();
        }
        rateLimited = enabled;
    }

    /** Empty when the call may proceed; otherwise the Retry-After seconds. */
    OptionalLong takeRateBudget(CadOperation operation) {
        synchronized (this) {
            if (!rateLimited) {
                return OptionalLong.empty();
            }
        }
        return rateLimiter.acquire(operation);
    }

    private static ArrayNode validated(JsonNode list) {
        if (!EmulatorJson.isServerList(list)) {
            throw new IllegalArgumentException("servers must be an array of objects, each with an integral id");
        }
        return (ArrayNode) list;
    }
}
