package livemapbot;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sandbox} through Main's entry, with injected streams and shutdown hooks (issue 8). */
class MainSandboxTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Runnable> hooks = new CopyOnWriteArrayList<>();

    private int run(String... args) {
        return Main.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), (name, hook) -> hooks.add(hook));
    }

    /** A port already in use is one line and exit 2, not a stack trace and exit 1. */
    @Test
    void aPortInUseIsOneLineAndExitTwo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertEquals(Main.USAGE, run("sandbox", "--port", Integer.toString(port)));

            String text = err.toString(StandardCharsets.UTF_8);
            assertEquals(List.of("Cannot start the sandbox: 127.0.0.1:" + port + " is not available (already in use);"
                    + " pick another port with --port, or --port 0 for any free one."), text.lines().toList());
            assertEquals("", out.toString(StandardCharsets.UTF_8));
            assertTrue(hooks.isEmpty(), "nothing to stop");
        }
    }

    /**
     * --key and --community fix the sandbox's credentials, so a configuration pointing at it
     * survives a restart; the shutdown hook (SIGTERM, Ctrl-C) ends the command with exit 0.
     */
    @Test
    void fixedKeyAndCommunityAreUsedAndAStopSignalEndsWithZero() throws Exception {
        PipedInputStream pipe = new PipedInputStream(1 << 16);
        PrintStream piped = new PrintStream(new PipedOutputStream(pipe), true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> Main.run(
                new String[]{"sandbox", "--community", "my-community", "--key", "fixed-key-0123"}, Map.of(),
                piped, new PrintStream(err, true, StandardCharsets.UTF_8), (name, hook) -> hooks.add(hook)));
        BufferedReader lines = new BufferedReader(new InputStreamReader(pipe, StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        String url = null;
        for (String line; (line = lines.readLine()) != null && !line.startsWith("Press Ctrl-C"); ) {
            seen.add(line);
            if (line.trim().startsWith("sonoran.apiUrl=")) {
                url = line.trim().substring("sonoran.apiUrl=".length());
            }
        }
        assertTrue(seen.contains("  sonoran.communityId=my-community"), seen.toString());
        assertTrue(seen.contains("  sonoran.apiKey=fixed-key-0123"), seen.toString());

        // The emulator really accepts the fixed credentials.
        HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(
                        URI.create(url + "/general/get_servers"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"id\":\"my-community\",\"key\":\"fixed-key-0123\",\"type\":\"GET_SERVERS\",\"data\":[]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());

        assertEquals(1, hooks.size());
        assertFalse(exit.isDone());
        hooks.get(0).run();
        assertEquals(Main.OK, exit.get(30, TimeUnit.SECONDS));
    }
}
