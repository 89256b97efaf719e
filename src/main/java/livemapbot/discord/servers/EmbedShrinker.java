package livemapbot.discord.servers;

import livemapbot.discord.EmbedText;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.entities.MessageEmbed;

import java.util.List;

/**
 * Builds an embed that fits a character budget, cutting instead of failing: JDA refuses to build
 * an embed over 6000 characters, and a CAD server can carry any amount of text. Cuts the
 * description first (the longest free text), then the longest field value, then drops trailing
 * fields. Title, footer and author are bounded by Discord's own limits (256 + 2048 + 256), which
 * is why the budget must leave room for them.
 */
final class EmbedShrinker {
    /** Title, author and footer at their limits always fit a budget this large. */
    static final int MIN_BUDGET = EmbedText.TITLE + EmbedText.FOOTER + EmbedText.TITLE;

    private EmbedShrinker() {
    }

    /** {@code builder} built at no more than {@code budget} characters as Discord counts them. */
    static MessageEmbed build(EmbedBuilder builder, int budget) {
        if (budget < MIN_BUDGET) {
            throw new IllegalArgumentException("budget below " + MIN_BUDGET + ": " + budget);
        }
        // EmbedBuilder#length counts UTF-16 chars, never fewer than Discord's code points.
        while (builder.length() > budget) {
            int excess = builder.length() - budget;
            StringBuilder description = builder.getDescriptionBuilder();
            List<MessageEmbed.Field> fields = builder.getFields();
            int longest = longestValue(fields);
            if (!description.toString().isBlank()) {
                int keep = description.toString().strip().length() - excess;
                builder.setDescription(keep < 2 ? null : EmbedText.fit(description.toString().strip(), keep));
            } else if (longest >= 0 && fields.get(longest).getValue().length() > 1) {
                MessageEmbed.Field field = fields.get(longest);
                int keep = Math.max(1, field.getValue().length() - excess);
                fields.set(longest, new MessageEmbed.Field(field.getName(),
                        EmbedText.fit(field.getValue(), keep), field.isInline()));
            } else {
                // Every value is down to one character: drop fields from the end.
                fields.remove(fields.size() - 1);
            }
        }
        return builder.build();
    }

    /** A built embed cut to {@code budget}; the same instance when it already fits. */
    static MessageEmbed shrink(MessageEmbed embed, int budget) {
        return embed.getLength() <= budget ? embed : build(new EmbedBuilder(embed), budget);
    }

    private static int longestValue(List<MessageEmbed.Field> fields) {
        int index = -1;
        int length = 0;
        for (int i = 0; i < fields.size(); i++) {
            int l = fields.get(i).getValue().length();
            if (l > length) {
                length = l;
                index = i;
            }
        }
        return index;
    }
}
