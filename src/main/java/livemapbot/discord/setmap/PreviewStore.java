package livemapbot.discord.setmap;

import livemapbot.store.OpenPreviews;
import livemapbot.store.StoreException;
import livemapbot.store.UncheckedStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
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
 * {@code capacity} entries exist the ones closest to expiry make room.
 *
 * <p>With the store ({@link #PreviewStore(Clock, OpenPreviews, String)}) previews live in the
 * database instead: a Confirm clicked after a restart (or on another process sharing PostgreSQL)
 * still finds its preview, and {@link #take} is the store's one conditional UPDATE, so exactly one
 * click wins however many processes receive one. Expired rows are purged on every {@link #put}.
 * Every method then throws {@link UncheckedStoreException} when the database cannot be reached,
 * except {@link #putBack}, which logs (the preview then stays taken until it expires).
 */
public final class PreviewStore<P extends PreviewStore.Pending> {
    /**
     * What a store holds: a change waiting for Confirm until it expires (a /setmap change, a
     * rollback), bound to the member who asked for it.
     */
    public interface Pending {
        long invokerId();

        Instant expiresAt();

        default boolean isExpired(Instant now) {
            return !now.isBefore(expiresAt());
        }
    }

    /** How a pending change is kept in the database's {@code payload} column. */
    public interface Codec<P> {
        String write(P pending);

        P read(String payload);
    }

    private static final Logger LOG = LoggerFactory.getLogger(PreviewStore.class);
    public static final int DEFAULT_CAPACITY = 1000;
    public static final int KEY_LENGTH = 10;
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    /** A preview and whether a click has already taken it. */
    private record Slot<P>(P preview, boolean taken) {
    }

    private final Clock clock;
    private final int capacity;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Slot<P>> slots = new ConcurrentHashMap<>();
    /** The database's previews, or null to keep them in {@link #slots}. */
    private final OpenPreviews stored;
    private final String community;
    private final Codec<P> codec;
    /** This process's claims not yet final (key → claim token), so {@link #putBack} reopens only its own. */
    private final Map<String, String> claims = new ConcurrentHashMap<>();

    /** Previews in memory: gone at a restart (tests, and the bot without a store). */
    public PreviewStore(Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.clock = clock;
        this.capacity = capacity;
        this.stored = null;
        this.community = null;
        this.codec = null;
    }

    /** Pending changes in the store, for {@code community}, kept in its payload column by {@code codec}. */
    public PreviewStore(Clock clock, OpenPreviews stored, String community, Codec<P> codec) {
        this.clock = clock;
        this.capacity = Integer.MAX_VALUE;
        this.stored = Objects.requireNonNull(stored, "stored");
        this.community = Objects.requireNonNull(community, "community");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** /setmap previews in the store, for {@code community}. */
    public static PreviewStore<Preview> stored(Clock clock, OpenPreviews stored, String community) {
        return new PreviewStore<>(clock, stored, community, new Codec<>() {
            @Override
            public String write(Preview preview) {
                return PreviewJson.write(preview);
            }

            @Override
            public Preview read(String payload) {
                return PreviewJson.read(payload);
            }
        });
    }

    /** Stores {@code preview} and returns its new key (component-id-safe, {@value #KEY_LENGTH} characters). */
    public synchronized String put(P preview) {
        if (stored != null) {
            Instant now = clock.instant();
            String key = newKey();
            call(() -> {
                stored.purgeExpired(now);
                stored.put(new OpenPreviews.StoredPreview(community, key, preview.invokerId(), now,
                        preview.expiresAt(), codec.write(preview)));
                return null;
            });
            return key;
        }
        purgeExpired();
        while (slots.size() >= capacity) {
            slots.entrySet().stream()
                    .min(Comparator.comparing((Map.Entry<String, Slot<P>> e) -> e.getValue().preview().expiresAt()))
                    .ifPresent(e -> slots.remove(e.getKey(), e.getValue()));
        }
        Slot<P> slot = new Slot<>(preview, false);
        String key;
        do {
            key = newKey();
        } while (slots.putIfAbsent(key, slot) != null);
        return key;
    }

    /** The live, not yet taken preview under {@code key}, left in place (to check who may press). */
    public Optional<P> peek(String key) {
        if (stored != null) {
            return call(() -> stored.get(community, key, clock.instant())).map(p -> codec.read(p.payload()));
        }
        Slot<P> slot = live(key);
        return slot == null || slot.taken() ? Optional.empty() : Optional.of(slot.preview());
    }

    /** Whether a click already took the (unexpired) preview under {@code key}. */
    public boolean isTaken(String key) {
        if (stored != null) {
            return call(() -> stored.isClaimed(community, key, clock.instant()));
        }
        Slot<P> slot = live(key);
        return slot != null && slot.taken();
    }

    /** Takes the live preview under {@code key}; only one caller ever gets it. */
    public Optional<P> take(String key) {
        if (stored != null) {
            String token = "click " + UUID.randomUUID();
            OpenPreviews.Claim claim = call(() -> stored.claim(community, key, token, clock.instant()));
            if (claim instanceof OpenPreviews.Won won) {
                claims.put(key, token);
                return Optional.of(codec.read(won.preview().payload()));
            }
            return Optional.empty();
        }
        Slot<P> slot = live(key);
        if (slot == null || slot.taken() || !slots.replace(key, slot, new Slot<>(slot.preview(), true))) {
            return Optional.empty();
        }
        return Optional.of(slot.preview());
    }

    /**
     * Undoes a {@link #take} whose click Discord did not accept (the acknowledgement failed): the
     * member saw "interaction failed", nothing happened, and their next click must still work.
     * Does nothing when the entry is gone or was not taken with {@code preview}.
     */
    public void putBack(String key, P preview) {
        if (stored != null) {
            String token = claims.remove(key);
            if (token != null) {
                try {
                    stored.unclaim(community, key, token);
                } catch (StoreException e) {
                    LOG.warn("a preview could not be reopened (it stays taken until it expires): {}", e.getMessage());
                }
            }
            return;
        }
        slots.replace(key, new Slot<>(preview, true), new Slot<>(preview, false));
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

    private Slot<P> live(String key) {
        Slot<P> slot = slots.get(key);
        if (slot != null && slot.preview().isExpired(clock.instant())) {
            slots.remove(key, slot);
            return null;
        }
        return slot;
    }

    @FunctionalInterface
    private interface StoreCall<T> {
        T call() throws StoreException;
    }

    private static <T> T call(StoreCall<T> call) {
        try {
            return call.call();
        } catch (StoreException e) {
            throw new UncheckedStoreException(e);
        }
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
