package livemapbot.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import livemapbot.BotApplication;
import livemapbot.e2e.fake.FakeDiscord;
import livemapbot.e2e.fake.FakeJda;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One INFO line tells an operator what the bot started with, and no line of start-up shows a secret. */
class StartupLogE2ETest {
    @Test
    void startupLineNamesVersionGuildTransportAndAccessButNoSecret() {
        Logger logger = (Logger) LoggerFactory.getLogger("livemapbot");
        Level previous = logger.getLevel();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.setLevel(Level.DEBUG); // the test config is quiet (WARN); capture everything of ours
        logger.addAppender(appender);
        String apiKey;
        try (BotHarness h = BotHarness.start()) {
            apiKey = h.sonoran.apiKey();
            List<String> starting = appender.list.stream()
                    .filter(e -> e.getLoggerName().equals(BotApplication.class.getName()))
                    .filter(e -> e.getFormattedMessage().startsWith("livemap-bot "))
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertEquals(1, starting.size(), starting.toString());
            String line = starting.get(0);
            assertTrue(line.matches("livemap-bot \\S+ starting: .*"), line);
            assertTrue(line.contains("guild " + FakeDiscord.DEFAULT_GUILD_ID), line);
            assertTrue(line.contains("Sonoran " + h.sonoran.baseUrl() + " (V1)"), line);
            assertTrue(line.contains("view=[" + BotHarness.VIEW_ROLE + "]"), line);
            assertTrue(line.contains("edit=[" + BotHarness.EDIT_ROLE + "]"), line);
            assertTrue(line.contains("deploy=[" + BotHarness.DEPLOY_ROLE + "]"), line);
            assertEquals(Level.INFO, appender.list.stream()
                    .filter(e -> e.getFormattedMessage().equals(line)).findFirst().orElseThrow().getLevel());
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(previous);
        }
        assertFalse(appender.list.isEmpty());
        for (ILoggingEvent event : appender.list) {
            String text = event.getFormattedMessage() + throwableText(event.getThrowableProxy());
            assertFalse(text.contains(FakeJda.TOKEN), text);
            assertFalse(text.contains(apiKey), text);
        }
    }

    private static String throwableText(IThrowableProxy proxy) {
        StringBuilder text = new StringBuilder();
        for (IThrowableProxy p = proxy; p != null; p = p.getCause()) {
            text.append(' ').append(p.getMessage());
        }
        return text.toString();
    }
}
