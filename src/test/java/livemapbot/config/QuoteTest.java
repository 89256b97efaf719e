package livemapbot.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 8 #6: no message quotes a value longer than ~24 characters or shaped like a token or UUID. */
class QuoteTest {

    @Test
    void aShortOrdinaryValueIsQuotedInFull() {
        assertEquals("\"abc\"", Quote.value("abc"));
        assertEquals("\"123456789012345678901234\"", Quote.value("123456789012345678901234"));
        assertEquals("\"\"", Quote.value(null));
    }

    @Test
    void aValueLongerThan24CharactersShowsOnlyAMaskedPrefixAndItsLength() {
        String value = "1234567890123456789012345";

        assertEquals("\"1234…\" (25 characters, not shown)", Quote.value(value));
    }

    @Test
    void aDiscordTokenShapeIsMaskedWhateverItsLength() {
        // Short enough to pass the length rule, but shaped like <id>.<time>.<hmac>.
        String tokenLike = "ABCDEFGHIJKLMNOPQ.GxYz.abcdefghijklmnopq";
        assertTrue(Quote.looksSecret(tokenLike));
        assertFalse(Quote.value(tokenLike).contains("ABCDE"), Quote.value(tokenLike));
        assertFalse(Quote.value("x " + tokenLike).contains("GxYz"));
    }

    @Test
    void aUuidShapeIsMasked() {
        String uuid = "5b2e81c0-1f3a-4c9d-9e7b-0a1b2c3d4e5f";
        assertTrue(Quote.looksSecret(uuid));
        assertEquals("\"5b2e…\" (36 characters, not shown)", Quote.value(uuid));
    }

    @Test
    void aRegisteredSecretIsShownAsStars() {
        Secret.of("quoteTestSecretValue");
        assertEquals("\"****\"", Quote.value("quoteTestSecretValue"));
    }

    @Test
    void invisibleCharactersAreShownAsEscapes() {
        assertEquals("\"123\\u00A0456\"", Quote.value("123\u00A0456"));
        assertEquals("\"\\u200B42\"", Quote.value("\u200B42"));
        assertEquals("\"12\\t34\"", Quote.value("12\t34"));
        assertEquals("\"a\\nb\\u0000\"", Quote.value("a\nb\0"));
        assertEquals("\"\\uFEFFx\"", Quote.value("\uFEFFx"));
    }

    @Test
    void thePrefixNeverCutsASurrogatePair() {
        String value = "🚓🚓🚓🚓🚓🚓🚓🚓🚓🚓🚓🚓🚓🚓🚓🚓🚓🚓🚓🚓🚓🚓🚓🚓🚓";

        assertEquals("\"🚓🚓🚓🚓…\" (25 characters, not shown)", Quote.value(value));
    }
}
