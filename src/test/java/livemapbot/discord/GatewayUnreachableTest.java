package livemapbot.discord;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import livemapbot.e2e.fake.FakeDiscord;
import livemapbot.e2e.fake.FakeJda;
import livemapbot.testing.TestSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 8: when the REST pre-flight passes but the gateway cannot be reached, start-up hung in
 * JDA's unbounded awaitReady() while JDA logged 166,061 ERROR lines in 45 s. Start-up must give up
 * within its bound with one message naming discord.gatewayUrl (Main exits 4 on a StartupException),
 * and the log must stay short meanwhile.
 */
class GatewayUnreachableTest {
    private static final Duration BOUND = Duration.ofSeconds(4);

    private final FakeDiscord discord = FakeDiscord.builder().start();
    private final ExecutorService workers = Executors.newSingleThreadExecutor();
    private ServerSocket gateway;
    private Thread acceptor;

    @AfterEach
    void stop() throws IOException {
        workers.shutdownNow();
        if (gateway != null) {
            gateway.close();
        }
        if (acceptor != null) {
            acceptor.interrupt();
        }
        discord.close();
    }

    /** closed: nothing listens; drop: accepts and closes at once; http: a web server answering 200 to the upgrade. */
    @ParameterizedTest
    @ValueSource(strings = {"closed", "drop", "http"})
    @Timeout(60) // without a bound, start() never returns
    void startGivesUpWithinTheBoundNamingGatewayUrlAndTheLogStaysShort(String kind) throws Exception {
        String gatewayUrl = gatewayThat(kind);
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        root.addAppender(lines);
        StartupException failure;
        try {
            failure = assertThrows(StartupException.class, () -> DiscordBot.start(
                    TestSettings.builder().token(FakeJda.TOKEN).guild(FakeDiscord.DEFAULT_GUILD_ID)
                            .restUrl(discord.restUrl()).gatewayUrl(gatewayUrl).build(),
                    new CommandRouter(FakeDiscord.DEFAULT_GUILD_ID, List.of()), workers, BOUND));
        } finally {
            root.detachAppender(lines);
        }
        String message = failure.getMessage();
        assertTrue(message.contains("discord.gatewayUrl") && message.contains(gatewayUrl), message);
        assertTrue(!message.contains("\n"), "one line: " + message);
        List<ILoggingEvent> captured;
        synchronized (lines) { // AppenderBase.doAppend holds this lock: a JDA thread may still be appending
            captured = List.copyOf(lines.list);
        }
        List<String> jdaLines = captured.stream().filter(e -> e.getLoggerName().startsWith("net.dv8tion"))
                .map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
        assertTrue(jdaLines.size() <= 20, jdaLines.size() + " JDA lines: " + jdaLines.subList(0,
                Math.min(30, jdaLines.size())));
    }

    private String gatewayThat(String kind) throws IOException {
        if (kind.equals("closed")) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                return "ws://127.0.0.1:" + socket.getLocalPort() + "/";
            }
        }
        gateway = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        acceptor = new Thread(() -> {
            while (!gateway.isClosed()) {
                try (Socket socket = gateway.accept()) {
                    if (kind.equals("http")) {
                        OutputStream out = socket.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 13\r\n"
                                + "Connection: close\r\n\r\n<html></html>").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                } catch (IOException e) {
                    return;
                }
            }
        }, "gateway-that-" + kind);
        acceptor.setDaemon(true);
        acceptor.start();
        return "ws://127.0.0.1:" + gateway.getLocalPort() + "/";
    }
}
