package livemapbot.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What {@code /health} answers: up when every check passes, else down with each failed check's
 * reason. A check that does not answer within {@link #CHECK_TIMEOUT} has failed; the checks run on
 * threads of their own, so a hung database never hangs the endpoint.
 *
 * <p>Reasons name the check and what is wrong ("gateway: shard 0 is DISCONNECTED", "store: …"),
 * never a secret: the store check's text comes from {@code StoreException}, which is masked.
 */
public final class Health implements AutoCloseable {
    /** How long one check may take before it counts as failed. */
    public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    /** One thing the bot needs to work. */
    public interface Check {
        /** A short name: gateway, store. */
        String name();

        /** Empty when fine, else why not (one sentence, no secret). */
        Optional<String> problem();
    }

    /** The state of one gateway connection (a shard; single-community mode has shard 0 only). */
    public record ShardState(int shard, boolean connected, String status) {
    }

    /** The verdict: up, or the reasons why not. */
    public record Verdict(boolean up, List<String> reasons) {
        public Verdict {
            reasons = List.copyOf(reasons);
        }

        /** {@code {"status":"up"}} or {@code {"status":"down","reasons":[…]}}. */
        public String json() {
            if (up) {
                return "{\"status\":\"up\"}";
            }
            StringBuilder json = new StringBuilder("{\"status\":\"down\",\"reasons\":[");
            for (int i = 0; i < reasons.size(); i++) {
                json.append(i == 0 ? "" : ",").append('"').append(escape(reasons.get(i))).append('"');
            }
            return json.append("]}").toString();
        }
    }

    private final List<Check> checks;
    private final Duration timeout;
    private final ExecutorService threads;

    public Health(List<Check> checks) {
        this(checks, CHECK_TIMEOUT);
    }

    Health(List<Check> checks, Duration timeout) {
        this.checks = List.copyOf(checks);
        this.timeout = timeout;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "health-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs every check (together) and says up or why not. */
    public Verdict check() {
        List<CompletableFuture<Optional<String>>> running = new ArrayList<>();
        for (Check check : checks) {
            running.add(CompletableFuture.supplyAsync(check::problem, threads));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            String name = checks.get(i).name();
            try {
                running.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                        .ifPresent(problem -> reasons.add(name + ": " + problem));
            } catch (TimeoutException e) {
                running.get(i).cancel(true);
                reasons.add(name + ": did not answer within " + timeout.toMillis() + " ms");
            } catch (ExecutionException e) {
                reasons.add(name + ": check failed (" + e.getCause().getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reasons.add(name + ": interrupted");
            }
        }
        return new Verdict(reasons.isEmpty(), reasons);
    }

    /**
     * The gateway check: every shard this process runs is connected. {@code shards} is asked each
     * time; null or empty means the bot has not connected yet (start-up).
     */
    public static Check gateway(Supplier<List<ShardState>> shards) {
        return new Check() {
            @Override
            public String name() {
                return "gateway";
            }

            @Override
            public Optional<String> problem() {
                List<ShardState> states = shards.get();
                if (states == null || states.isEmpty()) {
                    return Optional.of("not connected yet");
                }
                List<String> down = states.stream().filter(s -> !s.connected())
                        .map(s -> "shard " + s.shard() + " is " + s.status()).toList();
                return down.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", down));
            }
        };
    }

    /** A check from a name and a probe that throws when the thing is down (its message is the reason). */
    public static Check of(String name, ThrowingProbe probe) {
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<String> problem() {
                try {
                    probe.run();
                    return Optional.empty();
                } catch (Exception e) {
                    return Optional.of(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                }
            }
        };
    }

    /** Returns normally when the thing answers; throws with a secret-free message when not. */
    @FunctionalInterface
    public interface ThrowingProbe {
        void run() throws Exception;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
