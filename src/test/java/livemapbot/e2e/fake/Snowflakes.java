package livemapbot.e2e.fake;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Discord ids that encode the current time. JDA derives an interaction's 15-minute expiry from its id, so an
 * INTERACTION_CREATE with a made-up id makes every follow-up fail locally; every id the fake invents comes from here.
 */
public final class Snowflakes {
    /** 2015-01-01T00:00:00Z, the start of Discord's snowflake clock. */
    static final long DISCORD_EPOCH_MILLIS = 1_420_070_400_000L;

    private static final AtomicLong LAST = new AtomicLong();

    private Snowflakes() {
    }

    /** A unique snowflake for the current instant (strictly increasing within this JVM). */
    public static long now() {
        long candidate = (System.currentTimeMillis() - DISCORD_EPOCH_MILLIS) << 22;
        return LAST.updateAndGet(previous -> Math.max(previous + 1, candidate));
    }

    /** The creation time, in epoch milliseconds, that a snowflake encodes. */
    public static long epochMillis(long snowflake) {
        return (snowflake >>> 22) + DISCORD_EPOCH_MILLIS;
    }
}
