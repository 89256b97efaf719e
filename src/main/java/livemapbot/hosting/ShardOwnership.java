package livemapbot.hosting;

import java.util.Set;
import java.util.TreeSet;

/**
 * Which guilds this process holds: Discord puts a guild on shard {@code (guildId >> 22) % total}, and a process
 * runs the shards in {@code ids}. Background work for a guild (the drift watch, the status watch) runs only where
 * {@link #owns} is true, so two processes sharing one store never both report the same drift.
 *
 * <p>Discord ids are positive 64-bit snowflakes (the top bit is never set), so the arithmetic shift is the
 * unsigned one for every real id.
 */
public final class ShardOwnership {
    private final int total;
    private final Set<Integer> ids;

    /**
     * @param total the shard total every process of the deployment uses (at least 1)
     * @param ids   the shards this process runs, each in {@code [0, total)}; at least one
     */
    public ShardOwnership(int total, Set<Integer> ids) {
        if (total < 1) {
            throw new IllegalArgumentException("the shard total must be at least 1, not " + total);
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("a process must run at least one shard");
        }
        for (int id : ids) {
            if (id < 0 || id >= total) {
                throw new IllegalArgumentException("shard " + id + " is outside 0.." + (total - 1)
                        + " for a shard total of " + total);
            }
        }
        this.total = total;
        this.ids = Set.copyOf(ids);
    }

    /** A process that runs every shard of {@code total}. */
    public static ShardOwnership all(int total) {
        Set<Integer> every = new TreeSet<>();
        for (int i = 0; i < total; i++) {
            every.add(i);
        }
        return new ShardOwnership(total, every);
    }

    /** Discord's rule: the shard that receives a guild's events, {@code (guildId >> 22) % total}. */
    public static int shardOf(long guildId, int total) {
        if (total < 1) {
            throw new IllegalArgumentException("the shard total must be at least 1, not " + total);
        }
        if (guildId < 0) {
            throw new IllegalArgumentException("not a Discord id: " + Long.toUnsignedString(guildId));
        }
        return (int) ((guildId >> 22) % total);
    }

    /** Whether the guild's shard runs in this process. */
    public boolean owns(long guildId) {
        return ids.contains(shardOf(guildId, total));
    }

    public int total() {
        return total;
    }

    /** The shards this process runs, ascending. */
    public Set<Integer> ids() {
        return new TreeSet<>(ids);
    }

    @Override
    public String toString() {
        return "shards " + new TreeSet<>(ids) + " of " + total;
    }
}
