package livemapbot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import livemapbot.config.Secret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LogEncoderTest {
    /** Registered with the masker by Secret.of; the quote and backslash would change under JSON escaping. */
    private static final String SECRET = "logLEAKCANARY\"quote\\slash-91f2";
    private static final AtomicInteger LOGGER_NUMBER = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Logger captured;
    private OutputStreamAppender<ILoggingEvent> appender;

    static {
        Secret.of(SECRET);
    }

    @AfterEach
    void detach() {
        if (captured != null) {
            captured.detachAppender(appender);
            appender.stop();
        }
        MDC.clear();
    }

    /** An SLF4J logger whose events go only to {@link #out}, through a LogEncoder of {@code format}. */
    private org.slf4j.Logger loggerWritingTo(String format) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogEncoder encoder = new LogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.start();
        appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        String name = "livemapbot.test.masking" + LOGGER_NUMBER.incrementAndGet();
        captured = context.getLogger(name);
        captured.setLevel(Level.INFO);
        captured.setAdditive(false); // keep the deliberate secrets out of the test console
        captured.addAppender(appender);
        return LoggerFactory.getLogger(name);
    }

    private static void logSecretsOnPurpose(org.slf4j.Logger log) {
        log.info("token in the message " + SECRET);
        log.info("token as an argument {}", SECRET);
        log.error("call failed", new IllegalStateException("remote said " + SECRET,
                new RuntimeException("cause mentions " + SECRET)));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void textFormatMasksMessagesArgumentsAndExceptions() {
        logSecretsOnPurpose(loggerWritingTo("text"));

        String text = output();
        assertFalse(text.contains(SECRET), text);
        assertFalse(text.contains("LEAKCANARY"), text);
        assertTrue(text.contains("token in the message ****"), text);
        assertTrue(text.contains("token as an argument ****"), text);
        assertTrue(text.contains("java.lang.IllegalStateException: remote said ****"), text);
        assertTrue(text.contains("cause mentions ****"), text);
        assertTrue(text.contains(" INFO  [" + Thread.currentThread().getName() + "] livemapbot.test.masking"), text);
    }

    @Test
    void jsonFormatWritesOneMaskedObjectPerLine() throws Exception {
        logSecretsOnPurpose(loggerWritingTo("json"));

        String text = output();
        assertFalse(text.contains("LEAKCANARY"), text);
        List<String> lines = text.lines().toList();
        assertEquals(3, lines.size(), text);
        JsonNode argument = JSON.readTree(lines.get(1));
        assertEquals("token as an argument ****", argument.get("message").asText());
        assertEquals("INFO", argument.get("level").asText());
        assertEquals(Thread.currentThread().getName(), argument.get("thread").asText());
        assertTrue(argument.get("logger").asText().startsWith("livemapbot.test.masking"));
        Instant.parse(argument.get("time").asText()); // ISO-8601, or this throws
        assertFalse(argument.has("exception"));

        JsonNode failure = JSON.readTree(lines.get(2));
        assertEquals("ERROR", failure.get("level").asText());
        assertEquals("call failed", failure.get("message").asText());
        String exception = failure.get("exception").asText();
        assertTrue(exception.startsWith("java.lang.IllegalStateException: remote said ****"), exception);
        assertTrue(exception.contains("Caused by: java.lang.RuntimeException: cause mentions ****"), exception);
        assertTrue(exception.contains("\tat livemapbot.logging.LogEncoderTest"), exception);
    }

    @Test
    void jsonFormatIncludesAMaskedMdc() throws Exception {
        org.slf4j.Logger log = loggerWritingTo("json");
        MDC.put("guild", "42");
        MDC.put("note", "header was " + SECRET);

        log.warn("with context");

        JsonNode line = JSON.readTree(output());
        assertEquals("42", line.get("mdc").get("guild").asText());
        assertEquals("header was ****", line.get("mdc").get("note").asText());
    }

    @Test
    void anUnknownFormatFallsBackToText() {
        org.slf4j.Logger log = loggerWritingTo("xml");

        log.info("plain {}", SECRET);

        assertFalse(((LogEncoder) appender.getEncoder()).isJson());
        assertTrue(output().contains(" - plain ****"), output());
    }

    // ----- the shipped logback.xml ------------------------------------------------------------

    /** A fresh context configured from src/main/resources/logback.xml with the given variables. */
    private static LoggerContext configureProductionLogback(Map<String, String> variables) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // normally done by the SLF4J provider
        variables.forEach(context::putProperty);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL productionConfig = LogEncoder.class.getResource("/logback.xml");
        assertNotNull(productionConfig, "logback.xml is not on the classpath");
        configurator.doConfigure(productionConfig);
        return context;
    }

    private static LogEncoder consoleEncoder(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>)
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
        assertNotNull(console, "no CONSOLE appender on the root logger");
        return assertInstanceOf(LogEncoder.class, console.getEncoder());
    }

    private static String encode(LogEncoder encoder, Logger logger) {
        LoggingEvent event = new LoggingEvent(Logger.class.getName(), logger, Level.WARN,
                "value {}", new IllegalArgumentException("bad " + SECRET), new Object[] {SECRET});
        return new String(encoder.encode(event), StandardCharsets.UTF_8);
    }

    @Test
    void productionConfigDefaultsToMaskedTextAtInfoWithQuietLibraries() throws Exception {
        assumeTrue(System.getenv("LOG_LEVEL") == null && System.getProperty("LOG_LEVEL") == null);
        assumeTrue(System.getenv("LOG_FORMAT") == null && System.getProperty("LOG_FORMAT") == null);
        LoggerContext context = configureProductionLogback(Map.of());
        try {
            assertEquals(Level.INFO, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
            assertEquals(Level.WARN, context.getLogger("net.dv8tion").getLevel());
            assertEquals(Level.WARN, context.getLogger("okhttp3").getLevel());
            assertEquals(Level.WARN, context.getLogger("mockwebserver3").getLevel());
            LogEncoder encoder = consoleEncoder(context);
            assertFalse(encoder.isJson());

            String line = encode(encoder, context.getLogger("livemapbot.Main"));
            assertTrue(line.contains(" WARN  [") && line.contains("livemapbot.Main - value ****"), line);
            assertTrue(line.contains("IllegalArgumentException: bad ****"), line);
            assertFalse(line.contains("LEAKCANARY"), line);
        } finally {
            context.stop();
        }
    }

    @Test
    void productionConfigFollowsLogFormatAndLevelVariables() throws Exception {
        LoggerContext context = configureProductionLogback(
                Map.of("LOG_FORMAT", "json", "LOG_LEVEL", "DEBUG", "JDA_LOG_LEVEL", "INFO"));
        try {
            assertEquals(Level.DEBUG, context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
            assertEquals(Level.INFO, context.getLogger("net.dv8tion").getLevel());
            LogEncoder encoder = consoleEncoder(context);
            assertTrue(encoder.isJson());

            JsonNode line = JSON.readTree(encode(encoder, context.getLogger("livemapbot.Main")));
            assertEquals("value ****", line.get("message").asText());
            assertTrue(line.get("exception").asText().contains("bad ****"));
        } finally {
            context.stop();
        }
    }
}
