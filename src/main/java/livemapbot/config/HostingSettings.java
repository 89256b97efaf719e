package livemapbot.config;

import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * The multi-community hosting settings ({@code hosting.*}, {@code store.encryptionKey},
 * {@code discord.shardTotal}, {@code discord.shardIds}). In {@link HostingMode#SINGLE} only the
 * shard keys may matter; the rest is unused.
 *
 * @param mode          {@code hosting.mode}
 * @param retentionDays {@code hosting.retentionDays}: days a guild that removed the bot keeps its
 *                      settings (and encrypted key) before they are deleted
 * @param encryptionKey {@code store.encryptionKey}: base64 of 32 bytes (AES-256) in multi mode;
 *                      blank when not set. Never printed ({@link Secret})
 * @param shardTotal    {@code discord.shardTotal}; empty = Discord's recommendation
 * @param shardIds      {@code discord.shardIds}, sorted, no duplicates; empty = every shard
 */
public record HostingSettings(HostingMode mode, int retentionDays, Secret encryptionKey, OptionalInt shardTotal,
        List<Integer> shardIds) {

    public static final int DEFAULT_RETENTION_DAYS = 30;
    /** AES-256: the decoded {@code store.encryptionKey} is exactly this many bytes. */
    public static final int KEY_BYTES = 32;

    public HostingSettings {
        encryptionKey = encryptionKey == null ? Secret.of("") : encryptionKey;
        shardTotal = shardTotal == null ? OptionalInt.empty() : shardTotal;
        shardIds = shardIds == null ? List.of() : shardIds.stream().distinct().sorted().toList();
    }

    /** Single mode with every default (what a configuration without the new keys loads as). */
    public static HostingSettings single() {
        return new HostingSettings(HostingMode.SINGLE, DEFAULT_RETENTION_DAYS, Secret.of(""), OptionalInt.empty(),
                List.of());
    }

    /** Multi mode with {@code encryptionKey} and otherwise the defaults (tests, tools). */
    public static HostingSettings multi(Secret encryptionKey) {
        return new HostingSettings(HostingMode.MULTI, DEFAULT_RETENTION_DAYS, encryptionKey, OptionalInt.empty(),
                List.of());
    }

    public boolean isMulti() {
        return mode == HostingMode.MULTI;
    }

    /**
     * Whether this process runs every shard: no {@code discord.shardIds}, or ids covering all of
     * {@code 0..shardTotal-1}.
     */
    public boolean runsAllShards() {
        if (shardIds.isEmpty()) {
            return true;
        }
        return shardTotal.isPresent()
                && shardIds.equals(IntStream.range(0, shardTotal.getAsInt()).boxed().toList());
    }

    /**
     * What is wrong with an encryption key given as base64 (a phrase following the key's name), or
     * empty when it decodes to exactly {@value #KEY_BYTES} bytes. Never contains the value: not
     * even its length in characters, only what it decodes to.
     */
    public static Optional<String> keyProblem(String base64) {
        if (base64 == null || base64.isBlank()) {
            return Optional.of("not set");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            return Optional.of("is not valid base64 (generate one with: java -jar livemap-bot.jar generate-key)");
        }
        if (decoded.length != KEY_BYTES) {
            return Optional.of("must decode to exactly " + KEY_BYTES + " bytes (AES-256), it decodes to "
                    + decoded.length + " (generate one with: java -jar livemap-bot.jar generate-key)");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "HostingSettings[mode=" + mode.value() + ", retentionDays=" + retentionDays + ", encryptionKey="
                + encryptionKey + ", shardTotal=" + shardTotal + ", shardIds=" + (shardIds.isEmpty() ? "all" : shardIds)
                + "]";
    }
}
