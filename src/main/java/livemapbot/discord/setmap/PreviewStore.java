package livemapbot.discord.setmap;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Previews waiting for Confirm, by a short random key that travels in the button's component id.
 *
 * <p>Memory stays bounded: expired previews are purged on every {@link #put}, and when
 * {@code capacity} live previews exist the ones closest to expiry make room. A confirm
 * {@link #take}s its preview, an atomic remove, so a double click (or two members racing) writes
 * at most once. Previews live in memory only: after a restart every button reads as expired.
 */
public final class PreviewStore {
    public static final int DEFAULT_CAPACITY = 1000;
    public static final int KEY_LENGTH = 10;
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private final Clock clock;
    private final int capacity;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Preview> previews = new ConcurrentHashMap<>();

    public PreviewStore(Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.clock = clock;
        this.capacity = capacity;
    }

    /** Stores {@code preview} and returns its new key (URL- and component-id-safe, {@value #KEY_LENGTH} characters). */
    public synchronized String put(Preview preview) {
        purgeExpired();
        while (previews.size() >= capacity) {
            previews.entrySet().stream()
                    .min(Comparator.comparing((Map.Entry<String, Preview> e) -> e.getValue().expiresAt()))
                    .ifPresent(e -> previews.remove(e.getKey(), e.getValue()));
        }
        String key;
        do {
            key = newKey();
        } while (previews.putIfAbsent(key, preview) != null);
        return key;
    }

    /** The live preview under {@code key}, left in place (to check who may press its buttons). */
    public Optional<Preview> peek(String key) {
        Preview preview = previews.get(key);
        if (preview == null) {
            return Optional.empty();
        }
        if (preview.isExpired(clock.instant())) {
            previews.remove(key, preview);
            return Optional.empty();
        }
        return Optional.of(preview);
    }

    /** Removes and returns the live preview under {@code key}; only one caller ever gets it. */
    public Optional<Preview> take(String key) {
        Preview preview = previews.remove(key);
        if (preview == null || preview.isExpired(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(preview);
    }

    /** Previews held, expired ones not yet purged included. */
    public int size() {
        return previews.size();
    }

    /** Drops every expired preview. */
    public void purgeExpired() {
        Instant now = clock.instant();
        previews.entrySet().removeIf(e -> e.getValue().isExpired(now));
    }

    private String newKey() {
        char[] key = new char[KEY_LENGTH];
        for (int i = 0; i < key.length; i++) {
            key[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(key);
    }
}
