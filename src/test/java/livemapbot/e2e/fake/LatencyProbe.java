package livemapbot.e2e.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark helper: sends commands one after another and measures INTERACTION_CREATE sent → interaction callback
 * received, i.e. how long a Discord user waits before anything shows. The bot must already be READY.
 */
public final class LatencyProbe {
    private LatencyProbe() {
    }

    /** {@code count} sequential {@code /ping} commands; latencies in nanoseconds, in order. */
    public static List<Long> pingLatencies(FakeDiscord fake, int count, long memberId) {
        return commandLatencies(fake, count, memberId, "ping", Duration.ofSeconds(5));
    }

    /** {@code count} sequential commands; each must be answered within {@code timeoutEach}. */
    public static List<Long> commandLatencies(FakeDiscord fake, int count, long memberId, String command,
                                              Duration timeoutEach, Option... options) {
        List<Long> latencies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Interaction interaction = fake.slashCommand(memberId, command, options);
            latencies.add(fake.awaitCallback(interaction, timeoutEach).latencyNanos());
        }
        return latencies;
    }

    /**
     * {@code count} commands sent at a steady {@code perSecond}, the {@code i}-th in guild {@code guildIds[i % n]}
     * (not waiting for answers between them: an open-loop load, as members produce it); then every callback is
     * awaited. Latencies in nanoseconds, in sending order.
     */
    public static List<Long> pacedLatencies(FakeDiscord fake, List<Long> guildIds, long memberId, String command,
                                            int count, double perSecond, Duration timeoutEach) {
        List<Interaction> sent = paced(fake, guildIds, memberId, command, count, perSecond);
        List<Long> latencies = new ArrayList<>(count);
        for (Interaction interaction : sent) {
            latencies.add(fake.awaitCallback(interaction, timeoutEach).latencyNanos());
        }
        return latencies;
    }

    /**
     * {@code count} commands sent at a steady {@code perSecond}, the {@code i}-th in guild {@code guildIds[i % n]},
     * without waiting for any answer; the interactions, in sending order.
     */
    public static List<Interaction> paced(FakeDiscord fake, List<Long> guildIds, long memberId, String command,
                                          int count, double perSecond) {
        List<Interaction> sent = new ArrayList<>(count);
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while pacing commands", e);
                }
            }
            sent.add(fake.slashCommandInGuild(guildIds.get(i % guildIds.size()), memberId, command));
        }
        return sent;
    }

    /** Nearest-rank percentile (0 < p ≤ 100) of the values. */
    public static long percentile(List<Long> values, double p) {
        if (values.isEmpty() || p <= 0 || p > 100) {
            throw new IllegalArgumentException("need values and 0 < p <= 100");
        }
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
