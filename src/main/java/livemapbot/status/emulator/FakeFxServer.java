package livemapbot.status.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A small stand-in for an FXServer's public HTTP endpoints on its game port, bound to 127.0.0.1:
 * {@code /dynamic.json}, {@code /info.json} and {@code /sonorancad/…}, answering as FXServer and the
 * {@code sonorancad} resource do (see {@code fivem-probe-facts.md}). It backs the sandbox's demo game
 * servers and the probe's tests, which can also replace the answer of any path and read every
 * request that arrived.
 *
 * <p>Thread-safe. Start once, close once.
 */
public final class FakeFxServer implements AutoCloseable {
    public static final String PUSH_PATH_ANSWER = "If you're seeing this, sonorancad is loaded.";
    public static final String BUILD = "FXServer-master SERVER v1.0.0.12345 linux";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the game server behaves. */
    public enum Behaviour {
        /** Up, with {@code sonorancad} started (and its version published) and its push path answering. */
        WITH_SONORANCAD,
        /** Up, without {@code sonorancad}: {@code /sonorancad/…} is {@code 404 Route … not found.}. */
        WITHOUT_SONORANCAD,
        /** Up, {@code sonorancad} started but without its HTTP handler: {@code 404 Not found.}. */
        WITHOUT_HANDLER,
        /** {@code sv_requestParanoia} tripped: every request is {@code 403 Nope.}. */
        PARANOID,
        /** {@code info.json} and {@code /sonorancad/…} answer {@code 429 Rate limit exceeded.}. */
        RATE_LIMITED
    }

    /** Writes a whole answer for one request; tests use it to redirect, trickle or flood. */
    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** A request as it arrived. Header names are lower case. */
    public record Received(String method, String path, Map<String, List<String>> headers) {
        public boolean hasHeader(String name) {
            return headers.containsKey(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Handler> overrides = new ConcurrentHashMap<>();
    private final List<Received> received = new ArrayList<>();
    private volatile Behaviour behaviour;
    private volatile String hostname = "^2Demo ^7Roleplay";
    private volatile int players = 12;
    private volatile int maxPlayers = 64;
    private volatile String resourceVersion = "4.0.104";

    private FakeFxServer(Behaviour behaviour) throws IOException {
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-fxserver");
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts on 127.0.0.1, an ephemeral port. */
    public static FakeFxServer start(Behaviour behaviour) {
        try {
            return new FakeFxServer(behaviour);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1", e);
        }
    }

    /**
     * A port on 127.0.0.1 where nothing listens right now (bound, then closed): a game server that is
     * down. Another program could take it later; good enough for a demo and a test.
     */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String host() {
        return server.getAddress().getAddress().getHostAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void behave(Behaviour value) {
        behaviour = Objects.requireNonNull(value, "behaviour");
    }

    public void players(int count, int max) {
        players = count;
        maxPlayers = max;
    }

    /** {@code vars.SonoranCADVersion}; null = an older resource that does not publish it. */
    public void resourceVersion(String version) {
        resourceVersion = version;
    }

    /** Answers {@code path} (e.g. {@code /info.json}) with {@code handler} instead. */
    public void override(String path, Handler handler) {
        overrides.put(path, Objects.requireNonNull(handler, "handler"));
    }

    /** Every request received so far, oldest first. */
    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            record(exchange, path);
            Handler override = overrides.get(path);
            if (override != null) {
                override.handle(exchange);
                return;
            }
            Behaviour now = behaviour;
            if (now == Behaviour.PARANOID) {
                send(exchange, 403, "text/plain", "Nope.");
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "Method not allowed.");
                return;
            }
            if (path.equals("/dynamic.json")) {
                ObjectNode dynamic = JSON.createObjectNode();
                dynamic.put("clients", players);
                dynamic.put("gametype", "Roleplay");
                dynamic.put("hostname", hostname);
                dynamic.put("iv", "0");
                dynamic.put("mapname", "San Andreas");
                dynamic.put("sv_maxclients", Integer.toString(maxPlayers));
                send(exchange, 200, "application/json", dynamic.toString());
            } else if (path.equals("/info.json")) {
                if (now == Behaviour.RATE_LIMITED) {
                    send(exchange, 429, "text/plain", "Rate limit exceeded.");
                    return;
                }
                send(exchange, 200, "application/json", info(now).toString());
            } else if (path.startsWith("/sonorancad/")) {
                switch (now) {
                    case WITH_SONORANCAD -> send(exchange, 200, "text/plain", PUSH_PATH_ANSWER);
                    case WITHOUT_HANDLER -> send(exchange, 404, "text/plain", "Not found.");
                    case RATE_LIMITED -> send(exchange, 429, "text/plain", "Rate limit exceeded.");
                    default -> send(exchange, 404, "text/plain", "Route " + path + " not found.");
                }
            } else if (path.equals("/")) {
                send(exchange, 200, "application/json", "{\"version\":\"" + BUILD + "\"}");
            } else {
                send(exchange, 404, "text/plain", "Not found.");
            }
        }
    }

    private ObjectNode info(Behaviour now) {
        ObjectNode info = JSON.createObjectNode();
        info.put("enhancedHostSupport", true);
        info.put("icon", "iVBORw0KGgo=");
        info.put("requestSteamTicket", "off");
        var resources = info.putArray("resources");
        resources.add("hardcap");
        resources.add("sessionmanager");
        resources.add("chat");
        if (now != Behaviour.WITHOUT_SONORANCAD) {
            resources.add("sonorancad");
        }
        info.put("server", BUILD);
        ObjectNode vars = info.putObject("vars");
        vars.put("sv_projectName", "Demo Roleplay");
        vars.put("sv_enforceGameBuild", "3095");
        if (now != Behaviour.WITHOUT_SONORANCAD && resourceVersion != null) {
            vars.put("SonoranCADVersion", resourceVersion);
        }
        info.put("version", 1_234_567_890);
        return info;
    }

    private void record(HttpExchange exchange, String path) {
        Map<String, List<String>> headers = new java.util.TreeMap<>();
        Headers raw = exchange.getRequestHeaders();
        raw.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        synchronized (received) {
            received.add(new Received(exchange.getRequestMethod(), path, Map.copyOf(headers)));
        }
    }

    /** Sends a whole answer with a fixed length. */
    public static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }
}
