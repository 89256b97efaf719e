package livemapbot.discord;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EmbedTextTest {
    /** Embed text is cut by the bot's one truncation routine: a flag at the limit is not split in two. */
    @Test
    void fitKeepsAFlagWholeOrDropsIt() {
        assertEquals("ab…", EmbedText.fit("ab🇫🇷cd", 5));
        assertEquals("ab🇫🇷…", EmbedText.fit("ab🇫🇷cd", 7));
    }
}
