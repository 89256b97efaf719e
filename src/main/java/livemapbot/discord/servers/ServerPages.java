package livemapbot.discord.servers;

import livemapbot.discord.ComponentId;
import livemapbot.discord.EmbedText;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits rendered cards into messages Discord accepts: at most 10 embeds and 6000 characters
 * across all embeds of a message. Every card is first fitted by {@link EmbedShrinker} to what one
 * page may hold, so a server with absurd data is cut rather than refused. With more than one page
 * the last card of each page says "Page x/y" in its footer, and {@link #buttons} gives the
 * Previous/Next row.
 */
public final class ServerPages {
    /** The {@link ComponentId#action()} of the page buttons; the arg is the target page index. */
    public static final String ACTION = "page";
    /**
     * How long a page button works; an older one is refused. Not a Discord limit (each click is a
     * new interaction with its own token): the bot's choice, so a forgotten message is not paged
     * forever, and the expiry travels in the button's id so no state is kept.
     */
    public static final Duration BUTTON_LIFETIME = Duration.ofMinutes(15);
    /** Characters kept free on every page for the " · Page x/y" footer label. */
    static final int LABEL_RESERVE = 40;
    /** What the cards of one page may add up to, before the page label. */
    static final int PAGE_BUDGET = EmbedText.MAX_TOTAL - LABEL_RESERVE;

    private final List<List<MessageEmbed>> pages;

    private ServerPages(List<List<MessageEmbed>> pages) {
        this.pages = pages;
    }

    /** Pages for {@code embeds} in their order; {@code embeds} must not be empty. */
    public static ServerPages of(List<MessageEmbed> embeds) {
        if (embeds.isEmpty()) {
            throw new IllegalArgumentException("nothing to show");
        }
        List<List<MessageEmbed>> split = new ArrayList<>();
        List<MessageEmbed> current = new ArrayList<>();
        int currentLength = 0;
        for (MessageEmbed embed : embeds) {
            MessageEmbed fitted = EmbedShrinker.shrink(embed, PAGE_BUDGET);
            int length = fitted.getLength();
            if (!current.isEmpty() && (current.size() == EmbedText.MAX_EMBEDS_PER_MESSAGE
                    || currentLength + length > PAGE_BUDGET)) {
                split.add(current);
                current = new ArrayList<>();
                currentLength = 0;
            }
            current.add(fitted);
            currentLength += length;
        }
        split.add(current);
        if (split.size() > 1) {
            for (int i = 0; i < split.size(); i++) {
                List<MessageEmbed> page = split.get(i);
                int last = page.size() - 1;
                page.set(last, withPageLabel(page.get(last), "Page " + (i + 1) + "/" + split.size()));
            }
        }
        return new ServerPages(split.stream().map(List::copyOf).toList());
    }

    /** How many pages; package-private, only the paging tests read it. */
    int count() {
        return pages.size();
    }

    /** {@code index} moved into range: a page button may point past a list that has shrunk since. */
    public int clamp(int index) {
        return Math.max(0, Math.min(index, pages.size() - 1));
    }

    /** The embeds of page {@code index} (clamped). */
    public List<MessageEmbed> page(int index) {
        return pages.get(clamp(index));
    }

    /**
     * Previous/Next for page {@code index} (clamped), disabled at the ends; none for a single page.
     * Each button's id carries the page it leads to, so a click needs no stored state.
     */
    public List<ActionRow> buttons(String command, int index, Instant expiresAt) {
        if (pages.size() <= 1) {
            return List.of();
        }
        int page = clamp(index);
        // Disabled buttons point at a clamped page; the two ids stay distinct because count() >= 2.
        Button previous = Button.secondary(pageId(command, clamp(page - 1), expiresAt), "Previous")
                .withDisabled(page == 0);
        Button next = Button.secondary(pageId(command, clamp(page + 1), expiresAt), "Next")
                .withDisabled(page == pages.size() - 1);
        return List.of(ActionRow.of(previous, next));
    }

    private static String pageId(String command, int page, Instant expiresAt) {
        return new ComponentId(command, ACTION, Integer.toString(page), expiresAt).encode();
    }

    private static MessageEmbed withPageLabel(MessageEmbed embed, String label) {
        EmbedBuilder builder = new EmbedBuilder(embed);
        MessageEmbed.Footer footer = embed.getFooter();
        String base = footer == null || footer.getText() == null ? "" : footer.getText();
        if (base.isEmpty()) {
            builder.setFooter(label, footer == null ? null : footer.getIconUrl());
        } else {
            String suffix = " · " + label;
            builder.setFooter(EmbedText.fit(base, EmbedText.FOOTER - suffix.length()) + suffix, footer.getIconUrl());
        }
        return builder.build();
    }
}
