package livemapbot.discord;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbedTextTest {
    /** Embed text is cut by the bot's one truncation routine: a flag at the limit is not split in two. */
    @Test
    void fitKeepsAFlagWholeOrDropsIt() {
        assertEquals("ab…", EmbedText.fit("ab🇫🇷cd", 5));
        assertEquals("ab🇫🇷…", EmbedText.fit("ab🇫🇷cd", 7));
    }

    /** The server name from issue 8: no mass mention, no masked link, no heading survives. */
    @Test
    void escapeNeutralisesMassMentionMaskedLinkAndHeading() {
        String escaped = EmbedText.escape("@everyone [click](https://evil) # Big");
        assertEquals("@\u200Beveryone \\[click\\](https://evil) # Big", escaped);
        assertEquals("\\# Big", EmbedText.escape("# Big"));
    }

    /** Every line start is a line start: headings, subtext, quotes and lists on any line are escaped. */
    @Test
    void escapeNeutralisesLineStartMarkupOnEveryLine() {
        assertEquals("\\-# small\n\\> quote\n  \\- item\n\\+ plus\n12\\. twelve\n3\\) three\n\\## two",
                EmbedText.escape("-# small\n> quote\n  - item\n+ plus\n12. twelve\n3) three\n## two"));
        // In the middle of a line these are plain text and stay as they are.
        assertEquals("a - b # c 1. d", EmbedText.escape("a - b # c 1. d"));
    }

    @Test
    void escapeNeutralisesInlineFormattingMentionsAndTimestamps() {
        assertEquals("\\*b\\* \\_i\\_ \\~\\~s\\~\\~ \\|\\|x\\|\\| \\`c\\` \\\\",
                EmbedText.escape("*b* _i_ ~~s~~ ||x|| `c` \\"));
        assertEquals("\\<@123\\> \\<@&4\\> \\<#5\\> \\<t:1:R\\> @\u200Bhere",
                EmbedText.escape("<@123> <@&4> <#5> <t:1:R> @here"));
        // An e-mail-like "@" is left alone.
        assertEquals("ops@example.com", EmbedText.escape("ops@example.com"));
        assertEquals("", EmbedText.escape(null));
    }

    @Test
    void aPlainUrlStaysALinkAndAnythingElseIsShownAsCode() {
        assertEquals("https://map.example.com/live_map?x=1", EmbedText.url("https://map.example.com/live_map?x=1"));
        String masked = EmbedText.url("[click](https://evil)");
        assertTrue(masked.startsWith("`") && masked.endsWith("`"), masked);
        String spaced = EmbedText.url("https://a.example/ # Big");
        assertTrue(spaced.startsWith("`"), spaced);
        assertTrue(EmbedText.url("https://x.example/@everyone").startsWith("`"), "a mass mention is shown as code");
    }

    @Test
    void literalEscapesThenFits() {
        String cut = EmbedText.literal("*".repeat(50), 11);
        assertEquals(11, cut.length());
        assertTrue(cut.endsWith("…"), cut);
        assertTrue(cut.startsWith("\\*\\*"), cut);
    }

    /** A cut inside a code span closes it: CAD text shown as code must not turn into a live masked link. */
    @Test
    void aCutInsideACodeSpanClosesIt() {
        String value = EmbedText.code("x".repeat(20) + "[click](https://evil) # Big");
        String cut = EmbedText.fit(value, 30);
        assertTrue(cut.length() <= 30, cut);
        assertEquals("`" + "x".repeat(20) + "[click]…`", cut);
        // Escaped backticks are text, not span delimiters.
        assertEquals("a\\`bcd…", EmbedText.fit("a\\`bcdefgh", 7));
    }

    /** A bare URL in a description stays a working link: no backslash is added inside it. */
    @Test
    void aBareUrlInTextIsLeftIntactAndTheRestEscaped() {
        assertEquals("Map: https://map.example.com/live_map?a=1&b=*x* \\*bold\\*",
                EmbedText.escape("Map: https://map.example.com/live_map?a=1&b=*x* *bold*"));
        // A masked link around a URL is still broken up; an @ ends the URL part.
        assertEquals("\\[click\\](https://evil)", EmbedText.escape("[click](https://evil)"));
        assertEquals("https://x.example/@\u200Beveryone", EmbedText.escape("https://x.example/@everyone"));
        assertEquals("\\# https://a.example/x", EmbedText.escape("# https://a.example/x"));
    }
}
