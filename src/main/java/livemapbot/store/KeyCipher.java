package livemapbot.store;

import livemapbot.config.HostingSettings;
import livemapbot.config.Secret;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Encryption at rest for the API keys the store keeps ({@code store.encryptionKey}): AES-256-GCM
 * with a fresh 12-byte nonce from {@link SecureRandom} for every value and a 128-bit tag. A
 * value is stored as text, {@code v1:} followed by base64 of nonce‖ciphertext‖tag, so a later
 * format can sit next to it.
 *
 * <p>Each value is bound to where it belongs by GCM's associated data (for an API key, its
 * guild): a ciphertext copied into another guild's row does not decrypt. Nothing here ever puts
 * the key or a plaintext into a message. Thread-safe (a {@link Cipher} per call).
 */
public final class KeyCipher {
    /** The prefix of the current storage format. */
    static final String V1 = "v1:";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A stored value could not be decrypted: another key, a damaged value, or one moved to another row. */
    public static final class DecryptionException extends Exception {
        DecryptionException(String message) {
            super(message);
        }
    }

    private final SecretKeySpec key;

    private KeyCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * The cipher for {@code base64Key} (32 bytes once decoded).
     *
     * @throws IllegalArgumentException when it is not base64 of 32 bytes; the message never holds the key
     */
    public static KeyCipher of(Secret base64Key) {
        String value = base64Key.reveal();
        HostingSettings.keyProblem(value).ifPresent(problem -> {
            throw new IllegalArgumentException("The encryption key " + problem + ".");
        });
        byte[] bytes = Base64.getDecoder().decode(value.trim());
        try {
            return new KeyCipher(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** A fresh random key as base64 (what {@code generate-key} prints). */
    public static String generateKey() {
        byte[] bytes = new byte[HostingSettings.KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** {@code plaintext} encrypted under a fresh nonce and bound to {@code context}, as {@code v1:…} text. */
    public String encrypt(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return V1 + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            // AES-GCM is in every Java; failing here is a broken runtime, not bad input.
            throw new IllegalStateException("AES-GCM encryption is unavailable: " + e.getClass().getSimpleName());
        }
    }

    /**
     * The plaintext of {@code stored} (from {@link #encrypt}) bound to {@code context}.
     *
     * @throws DecryptionException when this key did not encrypt it, it was changed, or it belongs
     *                             to another context; the message holds neither key nor value
     */
    public String decrypt(String stored, String context) throws DecryptionException {
        if (stored == null || !stored.startsWith(V1)) {
            throw new DecryptionException("the stored value is not in a format this bot knows (expected " + V1 + "…)");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(stored.substring(V1.length()));
        } catch (IllegalArgumentException e) {
            throw new DecryptionException("the stored value is damaged (not base64)");
        }
        if (raw.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new DecryptionException("the stored value is damaged (too short)");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(raw, NONCE_BYTES, raw.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new DecryptionException("the stored value does not decrypt with this key"
                    + " (another key encrypted it, it was changed, or it belongs to another row)");
        } catch (GeneralSecurityException e) {
            throw new DecryptionException("the stored value cannot be decrypted (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public String toString() {
        return "KeyCipher[AES-256-GCM, key ****]";
    }
}
