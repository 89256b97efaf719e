package livemapbot.e2e.fake;

import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.entities.channel.concrete.TextChannel;
import net.dv8tion.jda.api.events.guild.GuildReadyEvent;
import net.dv8tion.jda.api.events.interaction.command.CommandAutoCompleteInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A bare JDA bot that exercises every path of the fake, and the latency floor for the benchmark: {@code /ping}
 * answers at once with a fixed embed and two buttons. It reports what it completed to {@link #awaitEvent} and every
 * failure JDA hands it to {@link #failures()} (a test should expect none).
 */
public final class PingBot extends ListenerAdapter {
    static final MessageEmbed PONG = new EmbedBuilder().setTitle("Pong").setDescription("fixed reply").build();
    static final List<String> WORDS = List.of("apple", "apricot", "banana", "cherry");

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    @Override
    public void onGuildReady(GuildReadyEvent event) {
        event.getGuild().updateCommands().addCommands(
                Commands.slash("ping", "Replies with a fixed embed"),
                Commands.slash("slow", "Defers, then edits the reply"),
                Commands.slash("echo", "Repeats a word")
                        .addOption(OptionType.STRING, "word", "the word", true, true)
                        .addOption(OptionType.INTEGER, "times", "how often")
                        .addOption(OptionType.BOOLEAN, "loud", "upper case"),
                Commands.slash("announce", "Posts an announcement")
                        .addOption(OptionType.STRING, "channel", "channel id", true),
                Commands.slash("whoami", "Lists the caller's roles"),
                Commands.slash("followup", "Replies, reads the reply back, follows up, deletes the reply"))
                .queue(commands -> events.add("registered:" + commands.size()), failures::add);
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        switch (event.getName()) {
            case "ping" -> event.replyEmbeds(PONG)
                    .setComponents(ActionRow.of(Button.primary("ping:update", "Update"),
                            Button.secondary("ping:defer", "Defer")))
                    .queue(hook -> events.add("ping"), failures::add);
            case "slow" -> event.deferReply().queue(hook -> hook
                    .editOriginalEmbeds(new EmbedBuilder().setTitle("Done").build())
                    .queue(message -> events.add("slow:" + message.getId()), failures::add), failures::add);
            case "echo" -> event.reply(echo(event)).queue(hook -> events.add("echo"), failures::add);
            case "announce" -> announce(event);
            case "whoami" -> event.reply(roleNames(event.getMember())).setEphemeral(true)
                    .queue(hook -> events.add("whoami"), failures::add);
            case "followup" -> event.reply("first").queue(hook -> hook.retrieveOriginal().queue(
                    original -> hook.sendMessage("follow-up to " + original.getContentRaw()).queue(
                            followUp -> hook.deleteOriginal().queue(done -> events.add("followup"), failures::add),
                            failures::add),
                    failures::add), failures::add);
            default -> event.reply("unknown command").queue(null, failures::add);
        }
    }

    private static String echo(SlashCommandInteractionEvent event) {
        String word = event.getOption("word", OptionMapping::getAsString);
        int times = event.getOption("times", 1, OptionMapping::getAsInt);
        boolean loud = event.getOption("loud", false, OptionMapping::getAsBoolean);
        String once = loud ? word.toUpperCase(Locale.ROOT) : word;
        return String.join(" ", java.util.Collections.nCopies(times, once));
    }

    private static String roleNames(Member member) {
        String names = member.getRoles().stream().map(Role::getName).collect(Collectors.joining(","));
        return names.isEmpty() ? "none" : names;
    }

    private void announce(SlashCommandInteractionEvent event) {
        TextChannel channel = event.getGuild().getTextChannelById(event.getOption("channel", OptionMapping::getAsString));
        event.deferReply(true).queue(hook -> {
            try {
                channel.sendMessageEmbeds(new EmbedBuilder().setTitle("Announcement").build()).queue(
                        message -> hook.editOriginal("posted " + message.getId()).queue(m -> events.add("announce"), failures::add),
                        error -> hook.editOriginal("failed: " + (error instanceof ErrorResponseException response
                                ? response.getErrorCode() : error.toString())).queue(m -> events.add("announce"), failures::add));
            } catch (InsufficientPermissionException e) {
                hook.editOriginal("missing permission: " + e.getPermission().name())
                        .queue(m -> events.add("announce"), failures::add);
            }
        }, failures::add);
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        // getButton() is null unless the interaction's message came with its type: proves the fake sent it right.
        String label = event.getButton() == null ? "no button" : event.getButton().getLabel();
        switch (event.getComponentId()) {
            case "ping:update" -> event
                    .editMessageEmbeds(new EmbedBuilder().setTitle("Updated via " + label)
                            .setDescription("by " + event.getUser().getName()).build())
                    .setComponents()
                    .queue(hook -> events.add("update"), failures::add);
            case "ping:defer" -> event.deferEdit().queue(hook -> hook
                    .editOriginalEmbeds(new EmbedBuilder().setTitle("Deferred edit via " + label).build())
                    .setComponents()
                    .queue(message -> events.add("defer"), failures::add), failures::add);
            default -> event.reply("unknown button").queue(null, failures::add);
        }
    }

    @Override
    public void onCommandAutoCompleteInteraction(CommandAutoCompleteInteractionEvent event) {
        String typed = event.getFocusedOption().getValue();
        event.replyChoiceStrings(WORDS.stream().filter(word -> word.startsWith(typed)).toList())
                .queue(ignored -> events.add("autocomplete"), failures::add);
    }

    /** Waits for the bot to report {@code expected} (e.g. "ping", "update"), skipping other reports. */
    public void awaitEvent(String expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                String event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (event == null) {
                    throw new AssertionError("bot did not report '" + expected + "' within " + timeout.toMillis()
                            + " ms; failures: " + failures);
                }
                if (event.equals(expected) || event.startsWith(expected + ":")) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** Forgets earlier reports so the next {@link #awaitEvent} sees only new ones. */
    public void clearEvents() {
        events.clear();
    }
}
