package livemapbot.config;

import java.util.regex.Pattern;

/**
 * The one routine for quoting a value the user typed (a setting, an argument) in a message.
 *
 * <p>A value pasted into the wrong key is often a secret: a bot token in {@code discord.guildId}
 * while {@code discord.token} is still unset, an API key in {@code DISCORD_GUILD_ID}. So a value is
 * quoted in full only when it is short ({@value #MAX_SHOWN} characters or fewer) and does not look
 * like a Discord token or a UUID; otherwise only its first {@value #PREFIX} characters are shown,
 * with its length. A value that is a registered secret ({@link SecretMasker}) is shown as
 * {@code ****}.
 *
 * <p>Invisible characters are made visible: a no-break space, a zero-width space, a tab or a line
 * break would otherwise make {@code got "123"} look correct. They are shown as Java escapes
 * ({@code \u00A0}, {@code \t}).
 */
public final class Quote {
    /** Longest value (in code points) quoted in full. */
    static final int MAX_SHOWN = 24;
    /** Code points shown of a value that is too long or looks like a secret. */
    static final int PREFIX = 4;

    /** Three base64url parts separated by dots: {@code <user id>.<timestamp>.<hmac>}. */
    private static final Pattern DISCORD_TOKEN =
            Pattern.compile("[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{16,}");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Quote() {
    }

    /**
     * {@code value} in double quotes for a message: in full when short and not secret-shaped,
     * else a masked prefix such as {@code "MTA5…" (72 characters, not shown)}; invisible characters
     * escaped either way. {@code null} is quoted as {@code ""}.
     */
    public static String value(String value) {
        if (value == null) {
            return "\"\"";
        }
        if (!SecretMasker.mask(value).equals(value)) {
            return "\"****\"";
        }
        int length = value.codePointCount(0, value.length());
        if (length <= MAX_SHOWN && !looksSecret(value)) {
            return "\"" + visible(value) + "\"";
        }
        String prefix = value.substring(0, value.offsetByCodePoints(0, Math.min(PREFIX, length)));
        return "\"" + visible(prefix) + "…\" (" + length + " characters, not shown)";
    }

    /** Whether the text contains something shaped like a Discord bot token or a UUID (an API key). */
    static boolean looksSecret(String text) {
        return DISCORD_TOKEN.matcher(text).find() || UUID.matcher(text).find();
    }

    /** {@code text} with every invisible or ambiguous character written as an escape. */
    static String visible(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(cp -> {
            switch (cp) {
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (invisible(cp)) {
                        if (Character.isBmpCodePoint(cp)) {
                            out.append(String.format("\\u%04X", cp));
                        } else {
                            out.append(String.format("\\U%06X", cp));
                        }
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.toString();
    }

    private static boolean invisible(int cp) {
        if (cp == ' ') {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SPACE_SEPARATOR
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                || cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0; // Hangul fillers: blank
    }
}
