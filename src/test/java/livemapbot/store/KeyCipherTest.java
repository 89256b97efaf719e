package livemapbot.store;

import livemapbot.config.Secret;
import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AES-256-GCM for the stored API keys: round trip, a fresh nonce per value, tampering and a moved value refused. */
class KeyCipherTest {
    private static final String API_KEY = "apikeyLEAKCANARY-5b2e81c0-dead-beef";

    private static KeyCipher cipher() {
        return KeyCipher.of(Secret.of(KeyCipher.generateKey()));
    }

    @Test
    void aValueDecryptsToWhatWasEncrypted() throws Exception {
        KeyCipher cipher = cipher();

        String stored = cipher.encrypt(API_KEY, "guild:1");

        assertTrue(stored.startsWith("v1:"), stored);
        assertFalse(stored.contains(API_KEY), stored);
        assertEquals(API_KEY, cipher.decrypt(stored, "guild:1"));
        assertEquals("", cipher.decrypt(cipher.encrypt("", "guild:1"), "guild:1"));
    }

    @Test
    void everyEncryptionUsesAFreshNonce() {
        KeyCipher cipher = cipher();

        String first = cipher.encrypt(API_KEY, "guild:1");
        String second = cipher.encrypt(API_KEY, "guild:1");

        assertNotEquals(first, second);
        byte[] a = Base64.getDecoder().decode(first.substring(3));
        byte[] b = Base64.getDecoder().decode(second.substring(3));
        assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOf(a, 12), java.util.Arrays.copyOf(b, 12)),
                "the 12-byte nonces differ");
        // nonce (12) + ciphertext (as long as the plaintext) + 128-bit tag (16)
        assertEquals(12 + API_KEY.length() + 16, a.length);
    }

    @Test
    void aChangedValueIsRefused() {
        KeyCipher cipher = cipher();
        byte[] raw = Base64.getDecoder().decode(cipher.encrypt(API_KEY, "guild:1").substring(3));
        raw[20] ^= 1;
        String tampered = "v1:" + Base64.getEncoder().encodeToString(raw);

        KeyCipher.DecryptionException e = assertThrows(KeyCipher.DecryptionException.class,
                () -> cipher.decrypt(tampered, "guild:1"));
        assertTrue(e.getMessage().contains("does not decrypt with this key"), e.getMessage());
    }

    @Test
    void aValueMovedToAnotherContextIsRefused() {
        KeyCipher cipher = cipher();
        String stored = cipher.encrypt(API_KEY, "guild:1");

        assertThrows(KeyCipher.DecryptionException.class, () -> cipher.decrypt(stored, "guild:2"));
    }

    @Test
    void anotherKeyCannotDecryptAndItsMessageHoldsNoSecret() {
        String keyText = KeyCipher.generateKey();
        String stored = KeyCipher.of(Secret.of(keyText)).encrypt(API_KEY, "guild:1");
        String otherKey = KeyCipher.generateKey();

        KeyCipher.DecryptionException e = assertThrows(KeyCipher.DecryptionException.class,
                () -> KeyCipher.of(Secret.of(otherKey)).decrypt(stored, "guild:1"));

        assertFalse(e.getMessage().contains(keyText));
        assertFalse(e.getMessage().contains(otherKey));
        assertFalse(e.getMessage().contains(API_KEY));
        assertFalse(e.getMessage().contains(stored.substring(3)));
    }

    @Test
    void unknownFormatsAndDamagedValuesAreRefused() {
        KeyCipher cipher = cipher();

        assertThrows(KeyCipher.DecryptionException.class, () -> cipher.decrypt(API_KEY, "guild:1"));
        assertThrows(KeyCipher.DecryptionException.class, () -> cipher.decrypt("v1:%%%", "guild:1"));
        assertThrows(KeyCipher.DecryptionException.class, () -> cipher.decrypt("v1:AAAA", "guild:1"));
        assertThrows(KeyCipher.DecryptionException.class, () -> cipher.decrypt(null, "guild:1"));
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedWithoutShowingIt() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyCipher.of(Secret.of(shortKey)));

        assertTrue(e.getMessage().contains("exactly 32 bytes"), e.getMessage());
        assertFalse(e.getMessage().contains(shortKey), e.getMessage());
    }

    @Test
    void generatedKeysAre32RandomBytes() {
        String first = KeyCipher.generateKey();

        assertEquals(32, Base64.getDecoder().decode(first).length);
        assertNotEquals(first, KeyCipher.generateKey());
        assertFalse(KeyCipher.of(Secret.of(first)).toString().contains(first));
    }
}
