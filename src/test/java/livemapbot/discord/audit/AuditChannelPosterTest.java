package livemapbot.discord.audit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import livemapbot.audit.AuditRecord;
import livemapbot.cad.FieldChange;
import livemapbot.discord.EmbedText;
import livemapbot.discord.InertText;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.restaction.MessageCreateAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class AuditChannelPosterTest {
    private static final long CHANNEL = 555L;
    private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");

    private final JDA jda = mock(JDA.class);
    private final GuildMessageChannel channel = mock(GuildMessageChannel.class);
    private final MessageCreateAction action = mock(MessageCreateAction.class, RETURNS_SELF);
    private Logger logger;
    private ListAppender<ILoggingEvent> appender;

    @BeforeEach
    void setUp() {
        logger = (Logger) LoggerFactory.getLogger(AuditChannelPoster.class);
        appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(appender);
    }

    private static AuditRecord setmap(String outcome) {
        return new AuditRecord(AT, 1_234_567_890_123_456_789L, "Ann", "setmap", 3,
                List.of(new FieldChange("enableMap", "Map enabled", "false", "true"),
                        new FieldChange("custom", null, "", "x")), true, outcome);
    }

    private List<ILoggingEvent> warnings() {
        return appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    }

    @Test
    void rendersWhoWhatServerChangesDeployOutcomeAndTime() {
        MessageEmbed embed = AuditChannelPoster.render(setmap("success"));

        assertTrue(embed.getTitle().contains("/setmap"));
        String fields = embed.getFields().stream().map(f -> f.getName() + "=" + f.getValue()).toList().toString();
        assertTrue(fields.contains("Who=<@1234567890123456789> (Ann)"), fields);
        assertTrue(fields.contains("Server=#3"), fields);
        assertTrue(fields.contains("Deploy=yes"), fields);
        assertTrue(fields.contains("Outcome=success"), fields);
        assertTrue(fields.contains("When=<t:" + AT.getEpochSecond() + ":F>"), fields);
        assertEquals(AT, embed.getTimestamp().toInstant());
        assertTrue(embed.getDescription().contains("**Map enabled**: `false` → `true`"), embed.getDescription());
        assertTrue(embed.getDescription().contains("**custom**: — → `x`"), embed.getDescription());
    }

    @Test
    void deployRecordShowsAllServersAndManyChangesStayWithinLimits() {
        MessageEmbed deploy = AuditChannelPoster.render(
                new AuditRecord(AT, 1, "Bob", "deploymap", null, List.of(), true, "rate_limited"));
        assertTrue(deploy.getFields().stream().anyMatch(f -> "all servers".equals(f.getValue())));
        assertTrue(deploy.getTitle().contains("rate_limited"));

        List<FieldChange> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(new FieldChange("f" + i, "Field " + i, "x".repeat(200), "y".repeat(200)));
        }
        MessageEmbed big = AuditChannelPoster.render(new AuditRecord(AT, 1, "Bob", "setmap", 1, many, false, "success"));
        assertTrue(big.getDescription().length() <= EmbedText.DESCRIPTION);
        assertTrue(big.getDescription().matches("(?s).*… and \\d+ more$"), big.getDescription());
        assertTrue(EmbedText.length(List.of(big)) <= EmbedText.MAX_TOTAL);
    }

    @Test
    void postsTheEmbedToTheAuditChannel() {
        when(jda.getChannelById(GuildMessageChannel.class, CHANNEL)).thenReturn(channel);
        when(channel.sendMessageEmbeds(anyCollection())).thenReturn(action);

        new AuditChannelPoster(jda, CHANNEL).accept(setmap("success"));

        @SuppressWarnings("unchecked")
        ArgumentCaptor<Collection<MessageEmbed>> sent = ArgumentCaptor.forClass(Collection.class);
        verify(channel).sendMessageEmbeds(sent.capture());
        assertEquals(List.of(AuditChannelPoster.render(setmap("success"))), List.copyOf(sent.getValue()));
        verify(action).queue(any(), any());
    }

    @Test
    void missingChannelWarnsOnceAndNeverThrows() {
        AuditChannelPoster poster = new AuditChannelPoster(jda, CHANNEL);

        assertDoesNotThrow(() -> poster.accept(setmap("success")));
        assertDoesNotThrow(() -> poster.accept(setmap("success")));

        assertEquals(1, warnings().size());
        assertTrue(warnings().get(0).getFormattedMessage().contains("does not exist"));
    }

    @Test
    void localPermissionRefusalWarnsAndNeverThrows() {
        Guild guild = mock(Guild.class);
        when(channel.getGuild()).thenReturn(guild);
        when(jda.getChannelById(GuildMessageChannel.class, CHANNEL)).thenReturn(channel);
        doThrow(new InsufficientPermissionException(channel, Permission.MESSAGE_EMBED_LINKS))
                .when(channel).sendMessageEmbeds(anyCollection());

        assertDoesNotThrow(() -> new AuditChannelPoster(jda, CHANNEL).accept(setmap("success")));

        assertEquals(1, warnings().size());
        assertTrue(warnings().get(0).getFormattedMessage().contains("Embed Links"));
    }

    @Test
    void restPermissionFailureWarnsOncePerKindUntilAPostSucceeds() {
        when(jda.getChannelById(GuildMessageChannel.class, CHANNEL)).thenReturn(channel);
        when(channel.sendMessageEmbeds(anyCollection())).thenReturn(action);
        AuditChannelPoster poster = new AuditChannelPoster(jda, CHANNEL);
        ErrorResponseException missingAccess = mock(ErrorResponseException.class);
        when(missingAccess.getErrorResponse()).thenReturn(ErrorResponse.MISSING_ACCESS);

        poster.accept(setmap("success"));
        poster.accept(setmap("success"));
        List<Consumer<? super Message>> successes = new ArrayList<>();
        List<Consumer<? super Throwable>> failures = new ArrayList<>();
        captureCallbacks(successes, failures);
        failures.get(0).accept(missingAccess);
        failures.get(1).accept(missingAccess);
        assertEquals(1, warnings().size());
        assertTrue(warnings().get(0).getFormattedMessage().contains("may not post"));

        successes.get(0).accept(mock(Message.class));
        poster.accept(setmap("success"));
        captureCallbacks(successes, failures);
        failures.get(failures.size() - 1).accept(missingAccess);
        assertEquals(2, warnings().size(), "warned again after the problem was fixed and came back");
    }

    @SuppressWarnings("unchecked")
    private void captureCallbacks(List<Consumer<? super Message>> successes, List<Consumer<? super Throwable>> failures) {
        ArgumentCaptor<Consumer<? super Message>> success = ArgumentCaptor.forClass(Consumer.class);
        ArgumentCaptor<Consumer<? super Throwable>> failure = ArgumentCaptor.forClass(Consumer.class);
        verify(action, org.mockito.Mockito.atLeastOnce()).queue(success.capture(), failure.capture());
        successes.clear();
        failures.clear();
        successes.addAll(success.getAllValues());
        failures.addAll(failure.getAllValues());
    }

    /** Issue 8: the audit post shows the member's name and CAD field labels escaped. */
    @Test
    void memberNameAndCadFieldLabelsCannotMentionLinkOrFormat() {
        MessageEmbed embed = AuditChannelPoster.render(new AuditRecord(AT, 5, InertText.EVIL_NAME, "setmap", 3,
                List.of(new FieldChange("x", InertText.EVIL_NAME, "[a](https://evil)", "@everyone"),
                        new FieldChange(InertText.EVIL_LINES, null, "", "x")), false, "success"));

        InertText.assertInert(embed, "<@5>", "<t:" + AT.getEpochSecond() + ":F>", "**");
    }
}
