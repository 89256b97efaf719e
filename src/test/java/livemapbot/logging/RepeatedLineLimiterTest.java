package livemapbot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8: "at no time may the bot write more than ~20 log lines a minute about the same failing
 * connection" (JDA wrote 166,061 ERROR lines in 45 s when the gateway could not be reached).
 */
class RepeatedLineLimiterTest {
    private static final String JDA_SOCKET = "net.dv8tion.jda.internal.requests.WebSocketClient";
    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private LoggerContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private ListAppender<ILoggingEvent> capture(LoggerContext context) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return appender;
    }

    private RepeatedLineLimiter limiterIn(LoggerContext context) {
        RepeatedLineLimiter limiter = new RepeatedLineLimiter();
        limiter.setContext(context);
        limiter.setNanoTime(now::get);
        limiter.start();
        context.addTurboFilter(limiter);
        return limiter;
    }

    private static LoggerContext newContext() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        return context;
    }

    private static void flood(Logger jda, int lines) {
        for (int i = 0; i < lines; i++) {
            jda.error("There was an error in the WebSocket connection", new ConnectException("Connection refused"));
        }
    }

    @Test
    void aFloodOfOneJdaErrorPassesFiveTimesAMinuteThenOneSummarySaysHowManyWereDropped() {
        context = newContext();
        ListAppender<ILoggingEvent> lines = capture(context);
        RepeatedLineLimiter limiter = limiterIn(context);
        Logger jda = context.getLogger(JDA_SOCKET);

        flood(jda, 10_000);
        assertEquals(5, lines.list.size(), "lines in the first minute");

        now.addAndGet(60 * SECOND);
        limiter.sweep();
        assertEquals(6, lines.list.size());
        ILoggingEvent summary = lines.list.get(5);
        assertEquals(RepeatedLineLimiter.SUMMARY_LOGGER, summary.getLoggerName());
        assertEquals(Level.ERROR, summary.getLevel());
        assertTrue(summary.getFormattedMessage().startsWith("suppressed 9995 similar line(s) from " + JDA_SOCKET),
                summary.getFormattedMessage());
        assertTrue(summary.getFormattedMessage().contains("There was an error in the WebSocket connection"),
                summary.getFormattedMessage());

        flood(jda, 10_000); // the next minute: again five
        assertEquals(11, lines.list.size());
    }

    @Test
    void aSummaryAlsoComesWithTheNextLineOnceTheWindowIsOver() {
        context = newContext();
        ListAppender<ILoggingEvent> lines = capture(context);
        limiterIn(context);
        Logger jda = context.getLogger(JDA_SOCKET);
        flood(jda, 7);
        now.addAndGet(61 * SECOND);
        flood(jda, 1);
        List<String> messages = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(7, messages.size(), messages.toString());
        assertTrue(messages.get(5).startsWith("suppressed 2 similar line(s)"), messages.toString());
    }

    @Test
    void theBotsOwnLinesAndJdaInfoAreNeverLimited() {
        context = newContext();
        ListAppender<ILoggingEvent> lines = capture(context);
        limiterIn(context);
        Logger ours = context.getLogger("livemapbot.discord.DiscordBot");
        for (int i = 0; i < 100; i++) {
            ours.error("same line");
        }
        assertEquals(100, lines.list.size());
    }

    /** The production configuration installs it: 10,000 identical JDA errors print at most 20 lines. */
    @Test
    void productionLogbackLimitsARepeatedJdaError() throws Exception {
        context = newContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL productionConfig = RepeatedLineLimiter.class.getResource("/logback.xml");
        assertNotNull(productionConfig, "logback.xml is not on the classpath");
        configurator.doConfigure(productionConfig);
        assertTrue(context.getTurboFilterList().stream().anyMatch(RepeatedLineLimiter.class::isInstance),
                "no RepeatedLineLimiter in logback.xml: " + context.getTurboFilterList());
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAndStopAllAppenders(); // keep the test output quiet
        ListAppender<ILoggingEvent> lines = capture(context);

        flood(context.getLogger(JDA_SOCKET), 10_000);
        context.getLogger("net.dv8tion.jda.api.requests.RestAction").error("Another failure {}", 1);

        assertTrue(lines.list.size() <= 20, lines.list.size() + " lines");
        assertEquals(6, lines.list.size(), "five of the flood, one other line");
    }
}
