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
 * <p>A confirm or cancel {@link #take}s its preview with one atomic compare-and-set, so a double
 * click (or two members racing) acts at most once; a click Discord did not acknowledge is
 * {@link #putBack}. The taken preview stays behind as a marker
 * until it would have expired, so a late second click can be told "already handled" instead of
 * "expired" while the first one is still writing.
 *
 * <p>Memory stays bounded: expired entries are purged on every {@link #put}, and when
 * {@code capacity} entries exist the ones closest to expiry make room. Previews live in memory
 * only: after a restart every button reads as expired.
 */
public final class PreviewStore {
    public static final int DEFAULT_CAPACITY = 1000;
    public static final int KEY_LENGTH = 10;
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    /** A preview and whether a click has already taken it. */
    private record Slot(Preview preview, boolean taken) {
    }

    private final Clock clock;
    private final int capacity;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    public PreviewStore(Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.clock = clock;
        this.capacity = capacity;
    }

    /** Stores {@code preview} and returns its new key (component-id-safe, {@value #KEY_LENGTH} characters). */
    public synchronized String put(Preview preview) {
        purgeExpired();
        while (slots.size() >= capacity) {
            slots.entrySet().stream()
                    .min(Comparator.comparing((Map.Entry<String, Slot> e) -> e.getValue().preview().expiresAt()))
                    .ifPresent(e -> slots.remove(e.getKey(), e.getValue()));
        }
        Slot slot = new Slot(preview, false);
        String key;
        do {
            key = newKey();
        } while (slots.putIfAbsent(key, slot) != null);
        return key;
    }

    /** The live, not yet taken preview under {@code key}, left in place (to check who may press). */
    public Optional<Preview> peek(String key) {
        Slot slot = live(key);
        return slot == null || slot.taken() ? Optional.empty() : Optional.of(slot.preview());
    }

    /** Whether a click already took the (unexpired) preview under {@code key}. */
    public boolean isTaken(String key) {
        Slot slot = live(key);
        return slot != null && slot.taken();
    }

    /** Takes the live preview under {@code key}; only one caller ever gets it. */
    public Optional<Preview> take(String key) {
        Slot slot = live(key);
        if (slot == null || slot.taken() || !slots.replace(key, slot, new Slot(slot.preview(), true))) {
            return Optional.empty();
        }
        return Optional.of(slot.preview());
    }

    /**
     * Undoes a {@link #take} whose click Discord did not accept (the acknowledgement failed): the
     * member saw "interaction failed", nothing happened, and their next click must still work.
     * Does nothing when the entry is gone or was not taken with {@code preview}.
     */
    public void putBack(String key, Preview preview) {
        slots.replace(key, new Slot(preview, true), new Slot(preview, false));
    }

    /**
     * Entries held, taken markers and expired ones not yet purged included. Package-private: only
     * the tests of the memory bound read it.
     */
    int size() {
        return slots.size();
    }

    /** Drops every expired entry. */
    private void purgeExpired() {
        Instant now = clock.instant();
        slots.entrySet().removeIf(e -> e.getValue().preview().isExpired(now));
    }

    private Slot live(String key) {
        Slot slot = slots.get(key);
        if (slot != null && slot.preview().isExpired(clock.instant())) {
            slots.remove(key, slot);
            return null;
        }
        return slot;
    }

    private String newKey() {
        return newKey(random);
    }

    /** A random component-id-safe key of {@value #KEY_LENGTH} characters (also for {@link OpenForms}). */
    static String newKey(SecureRandom random) {
        char[] key = new char[KEY_LENGTH];
        for (int i = 0; i < key.length; i++) {
            key[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return new String(key);
    }
}
