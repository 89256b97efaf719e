package livemapbot.hosting;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 13: a guild's background work runs only in the process holding shard (guildId >> 22) % total. */
class ShardOwnershipTest {
    /** A guild id as Discord's documentation on sharding shows it. */
    private static final long DOCS_GUILD = 41_771_983_423_143_936L;

    @Test
    void shardOfIsTheTimestampPartModuloTheTotal() {
        // 41771983423143936 >> 22 = 9959216934; % 4 = 2, % 16 = 6
        assertEquals(9_959_216_934L, DOCS_GUILD >> 22);
        assertEquals(2, ShardOwnership.shardOf(DOCS_GUILD, 4));
        assertEquals(6, ShardOwnership.shardOf(DOCS_GUILD, 16));
        assertEquals(0, ShardOwnership.shardOf(DOCS_GUILD, 1));
    }

    @Test
    void theLow22BitsDoNotMatter() {
        long base = 123L << 22;
        assertEquals(ShardOwnership.shardOf(base, 7), ShardOwnership.shardOf(base | ((1L << 22) - 1), 7));
        assertEquals(123 % 7, ShardOwnership.shardOf(base, 7));
    }

    @Test
    void aGuildIdWithTheHighestBitsOfAPositiveLong() {
        long highest = Long.MAX_VALUE; // (2^63 - 1) >> 22 = 2^41 - 1 = 2199023255551
        assertEquals(2_199_023_255_551L % 3, ShardOwnership.shardOf(highest, 3));
        assertEquals(2_199_023_255_551L % 5, ShardOwnership.shardOf(highest, 5));
        assertEquals(1, ShardOwnership.shardOf(highest, 5)); // …551 % 5 = 1: no sign trouble from the high bits
        assertEquals(15, ShardOwnership.shardOf(highest, 16)); // 2^41 - 1: all low bits set, the last shard
    }

    @Test
    void ownsTheGuildsOfItsShardsOnly() {
        ShardOwnership first = new ShardOwnership(4, Set.of(0, 1));
        ShardOwnership second = new ShardOwnership(4, Set.of(2, 3));
        for (int shard = 0; shard < 4; shard++) {
            long guild = ((long) (1000 + shard) << 22) | 12345; // 1000 % 4 = 0, so this guild is on `shard`
            assertEquals(shard, ShardOwnership.shardOf(guild, 4));
            assertEquals(shard < 2, first.owns(guild), "shard " + shard);
            assertEquals(shard >= 2, second.owns(guild), "shard " + shard);
        }
    }

    @Test
    void shardZeroAndTheLastShard() {
        ShardOwnership zero = new ShardOwnership(8, Set.of(0));
        ShardOwnership last = new ShardOwnership(8, Set.of(7));
        long onZero = 8L << 22;
        long onLast = 15L << 22;
        assertTrue(zero.owns(onZero));
        assertFalse(zero.owns(onLast));
        assertTrue(last.owns(onLast));
        assertFalse(last.owns(onZero));
    }

    @Test
    void allOwnsEveryGuild() {
        ShardOwnership all = ShardOwnership.all(3);
        assertEquals(Set.of(0, 1, 2), all.ids());
        for (long i = 0; i < 10; i++) {
            assertTrue(all.owns(i << 22));
        }
    }

    @Test
    void rejectsShardsOutsideTheTotalAndEmptySets() {
        assertThrows(IllegalArgumentException.class, () -> new ShardOwnership(2, Set.of(2)));
        assertThrows(IllegalArgumentException.class, () -> new ShardOwnership(2, Set.of(-1)));
        assertThrows(IllegalArgumentException.class, () -> new ShardOwnership(0, Set.of(0)));
        assertThrows(IllegalArgumentException.class, () -> new ShardOwnership(2, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> ShardOwnership.shardOf(-1L, 2));
    }
}
