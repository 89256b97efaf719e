package livemapbot.cad;

import livemapbot.testing.TestSettings;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import livemapbot.config.ApiVersion;
import livemapbot.config.Settings;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Shared fixtures for the CAD client tests: settings, canned responses, a recording sleeper, log capture. */
final class CadClientTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String COMMUNITY = "community-42";
    static final String KEY = "sk-test-5d0a2e7c91";
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final OkHttpClient BASE = new OkHttpClient();

    private CadClientTestSupport() {
    }

    static Settings settings(MockWebServer server, ApiVersion version, String key) {
        String url = server.url("/").toString().replaceAll("/$", "");
        return TestSettings.builder().sonoran(url, version, COMMUNITY, key).build();
    }

    static CadClient client(MockWebServer server, ApiVersion version, RecordingSleeper sleeper) {
        return client(server, version, KEY, Duration.ofSeconds(5), sleeper);
    }

    static CadClient client(MockWebServer server, ApiVersion version, String key, Duration callTimeout,
                            RecordingSleeper sleeper) {
        return CadClients.create(settings(server, version, key), BASE, Duration.ofSeconds(2), callTimeout, sleeper,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    static MockResponse text(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "text/plain; charset=utf-8")
                .body(body).build();
    }

    static MockResponse problem(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/problem+json")
                .body(body).build();
    }

    static RecordedRequest take(MockWebServer server) throws InterruptedException {
        RecordedRequest request = server.takeRequest(2, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("no request reached the mock server");
        }
        return request;
    }

    static JsonNode bodyJson(RecordedRequest request) throws Exception {
        return JSON.readTree(request.getBody().utf8());
    }

    static JsonNode tree(String json) throws Exception {
        return JSON.readTree(json);
    }

    /** Records every wait instead of sleeping. */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> waits = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }
    }

    /** Captures everything logged by the CAD package while open. */
    static final class LogCapture implements AutoCloseable {
        private final Logger logger = (Logger) LoggerFactory.getLogger("livemapbot.cad");
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final ch.qos.logback.classic.Level previousLevel = logger.getLevel();

        LogCapture() {
            appender.start();
            // Capture everything, whatever level the test logging config sets.
            logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
            logger.addAppender(appender);
        }

        List<ILoggingEvent> events() {
            return List.copyOf(appender.list);
        }

        /** Every formatted message plus its exception text, for "never contains the key" checks. */
        String allText() {
            StringBuilder sb = new StringBuilder();
            for (ILoggingEvent e : appender.list) {
                sb.append(e.getLevel()).append(' ').append(e.getFormattedMessage()).append('\n');
                if (e.getThrowableProxy() != null) {
                    sb.append(e.getThrowableProxy().getMessage()).append('\n');
                }
            }
            return sb.toString();
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            logger.setLevel(previousLevel);
            appender.stop();
        }
    }
}
