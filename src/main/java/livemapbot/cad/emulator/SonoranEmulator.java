package livemapbot.cad.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import livemapbot.cad.CadOperation;
import livemapbot.cad.CadPlan;
import livemapbot.status.emulator.FakeFxServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process stand-in for the Sonoran CAD API (v1 and v2 server endpoints), bound to
 * 127.0.0.1 only. It backs {@code sonoran.sandbox=true}, the {@code sandbox} command, and tests
 * that need a realistic CAD whose state they can read and change behind the bot's back.
 *
 * <p>Defaults: community id {@value #DEFAULT_COMMUNITY_ID}, a fresh random API key per instance
 * (so no test can pass by hard-coding one), plan 3 (Plus), four demo servers, no delay, no rate
 * limit, an ephemeral port.
 *
 * <p>Thread-safe. Single use: {@link #start()} once, {@link #close()} once (further closes are no-ops).
 */
public final class SonoranEmulator implements AutoCloseable {
    public static final String DEFAULT_COMMUNITY_ID = "sandbox-community";
    public static final int DEFAULT_PLAN = CadPlan.PLUS;
    static final String BACKEND_SERVICE_REACHED = "Backend Service Reached";

    /** Server lists are a few kilobytes; anything far bigger is a client bug, not a config. */
    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(SonoranEmulator.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    static {
        // The JDK server writes headers and body separately; with Nagle on, every answer waits
        // for a delayed ACK (~40 ms). Read once when the server classes load, so set it first.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final EmulatorState state;
    private final V1Api v1;
    private final V2Api v2;
    private final int requestedPort;
    /** The sandbox's demo game servers, closed with the emulator; empty otherwise. */
    private final List<FakeFxServer> gameServers;
    private final Object lifecycle = new Object();
    private HttpServer server;
    private ExecutorService executor;
    private boolean closed;

    private SonoranEmulator(Builder builder) {
        this.state = new EmulatorState(builder.communityId, builder.apiKey, builder.plan, builder.servers,
                builder.rateLimit, builder.clock);
        this.v1 = new V1Api(state);
        this.v2 = new V2Api(state);
        this.requestedPort = builder.port;
        this.gameServers = builder.gameServers;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The emulator for {@code java -jar livemap-bot.jar sandbox [--port N]}: defaults, started on
     * {@code port} (0 = any free port).
     */
    public static SonoranEmulator startSandbox(int port) {
        // A demo game server for each live-status verdict (see DemoServers.sandbox).
        FakeFxServer withResource = FakeFxServer.start(FakeFxServer.Behaviour.WITH_SONORANCAD);
        FakeFxServer withoutResource = FakeFxServer.start(FakeFxServer.Behaviour.WITHOUT_SONORANCAD);
        try {
            Builder builder = builder().port(port)
                    .servers(DemoServers.sandbox(withResource.port(), withoutResource.port(), FakeFxServer.closedPort()));
            builder.gameServers = List.of(withResource, withoutResource);
            return builder.start();
        } catch (RuntimeException e) {
            withResource.close();
            withoutResource.close();
            throw e;
        }
    }

    /** Binds 127.0.0.1 and starts answering. */
    public SonoranEmulator start() {
        synchronized (lifecycle) {
            if (server != null || closed) {
                throw new IllegalStateException("the emulator is single use: start once, close once");
            }
            int instance = INSTANCES.incrementAndGet();
            ExecutorService pool = Executors.newCachedThreadPool(daemonThreads("sonoran-emulator-" + instance + "-"));
            try {
                HttpServer http = HttpServer.create(new InetSocketAddress(loopback(), requestedPort), 0);
                http.createContext("/", this::handle);
                http.setExecutor(pool);
                http.start();
                server = http;
                executor = pool;
            } catch (IOException e) {
                pool.shutdownNow();
                gameServers.forEach(FakeFxServer::close);
                throw new UncheckedIOException("cannot bind 127.0.0.1:" + requestedPort, e);
            }
            LOG.debug("Sonoran emulator listening on {}", baseUrl());
            return this;
        }
    }

    /** Stops at once: open connections are dropped and handlers waiting out a delay are interrupted. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            gameServers.forEach(FakeFxServer::close);
            if (server == null) {
                return;
            }
            server.stop(0);
            executor.shutdownNow();
            try {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        synchronized (lifecycle) {
            if (server == null) {
                throw new IllegalStateException("not started");
            }
            return server.getAddress().getPort();
        }
    }

    public String communityId() {
        return state.communityId();
    }

    /** The raw key. Only for tests and the sandbox banner: this key opens nothing but this emulator. */
    public String apiKey() {
        return state.apiKey();
    }

    public int plan() {
        return state.plan();
    }

    /** 0 Free (no API), 1 Starter, 2 Standard (read), 3 Plus (read and write), 4 Pro, 6 Sonoran One. */
    public void setPlan(int plan) {
        state.setPlan(plan);
    }

    /** A copy of the current list, exactly as the API would serve it. */
    public ArrayNode servers() {
        return state.servers();
    }

    /** A copy of the entry with {@code id}, if there is one. */
    public Optional<ObjectNode> server(int id) {
        for (var entry : state.servers()) {
            if (entry.path("id").isIntegralNumber() && entry.path("id").asLong() == id) {
                return Optional.of((ObjectNode) entry);
            }
        }
        return Optional.empty();
    }

    /** Replaces the whole list, as another admin or the game server would. Not logged as a write. */
    public void setServers(ArrayNode servers) {
        state.setServers(Objects.requireNonNull(servers, "servers"));
    }

    /**
     * Edits one entry in place (on a copy swapped in atomically). Not logged as a write.
     *
     * @throws IllegalArgumentException when there is no entry with {@code id}, or the edit broke its id
     */
    public void updateServer(int id, Consumer<ObjectNode> edit) {
        state.updateServer(id, Objects.requireNonNull(edit, "edit"));
    }

    /** Requests that reached {@code operation}'s endpoint (either API version), answered or not. */
    public int callCount(CadOperation operation) {
        return state.callCount(operation);
    }

    /** Every request the emulator received, wrong paths included. */
    public long totalCalls() {
        return state.totalCalls();
    }

    /** Every accepted server-list replacement, oldest first. */
    public List<RecordedWrite> writes() {
        return state.writes();
    }

    public Optional<RecordedWrite> lastWrite() {
        List<RecordedWrite> all = state.writes();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** Forgets call counters and the write log (not the servers, plan or pending failures). */
    public void clearHistory() {
        state.clearHistory();
    }

    /** Waits (without polling) until {@code operation} was called {@code count} times; false on timeout. */
    public boolean awaitCalls(CadOperation operation, int count, Duration timeout) throws InterruptedException {
        return state.awaitCalls(operation, count, timeout);
    }

    /** Waits until {@code count} writes were accepted; false on timeout. */
    public boolean awaitWrites(int count, Duration timeout) throws InterruptedException {
        return state.awaitWrites(count, timeout);
    }

    /** Holds every answer back by {@code delay} (zero = none), e.g. to test client timeouts. */
    public void setDelay(Duration delay) {
        state.setDelay(Objects.requireNonNull(delay, "delay"));
    }

    /**
     * The next {@code times} endpoint calls (v1 or v2; wrong paths do not count) are answered with
     * {@code status} and {@code body} instead, before any check. JSON-looking bodies go out as
     * {@code application/json}, others as {@code text/plain}.
     */
    public void failNext(int times, int status, String body) {
        state.failNext(times, InjectedFailure.of(status, Objects.requireNonNull(body, "body")));
    }

    /** Like {@link #failNext(int, int, String)} with full control of content type and headers. */
    public void failNext(int times, InjectedFailure failure) {
        state.failNext(times, Objects.requireNonNull(failure, "failure"));
    }

    /** Sonoran v2's 10 requests per minute per endpoint, applied to both API versions; off by default. */
    public void setRateLimit(boolean enabled) {
        state.setRateLimited(enabled);
    }

    /** A few human lines: where the sandbox runs and how to point a client at it. */
    public String describe() {
        int plan = state.plan();
        return String.join(System.lineSeparator(),
                "Sonoran sandbox listening on " + baseUrl() + " (127.0.0.1 only)",
                "  sonoran.apiUrl=" + baseUrl(),
                "  sonoran.communityId=" + communityId(),
                "  sonoran.apiKey=" + apiKey(),
                "  plan " + plan + " (" + CadPlan.ofLevel(plan).name() + "), " + state.servers().size()
                        + " demo servers; v1 POST /general/get_servers|set_servers|get_version,"
                        + " v2 GET|PUT /v2/general/servers, GET /v2/general/version")
                + (gameServers.isEmpty() ? "" : System.lineSeparator()
                + "  demo game servers on 127.0.0.1 for the live status (probe.allowPrivateAddresses=true to"
                + " probe them from another process)");
    }

    public void printSandboxInfo(PrintStream out) {
        out.println(describe());
        out.flush();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String body = readBody(exchange.getRequestBody());
            Optional<CadOperation> operation = V1Api.operationFor(method, path)
                    .or(() -> V2Api.operationFor(method, path));
            state.recordCall(operation);

            Duration delay = state.delay();
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    // Shutting down: drop the exchange unanswered, as a stopping server would.
                    Thread.currentThread().interrupt();
                    return;
                }
            }

            EmulatorResponse response;
            if (body == null) {
                response = EmulatorResponse.text(413, "Request body too large");
            } else {
                response = operation.flatMap(op -> state.takeFailure()).map(InjectedFailure::toResponse)
                        .orElseGet(() -> route(method, path, operation, exchange, body));
            }
            LOG.debug("{} {} -> {}", method, path, response.status());
            send(exchange, response);
        } catch (RuntimeException e) {
            LOG.warn("Sonoran emulator failed to answer a request", e);
            throw e;
        }
    }

    private EmulatorResponse route(String method, String path, Optional<CadOperation> operation,
            HttpExchange exchange, String body) {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (V2Api.serves(path)) {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            return v2.handle(method, path, authorization, contentType, body);
        }
        if (operation.isPresent()) {
            return v1.handle(operation.get(), contentType, body);
        }
        // What Sonoran's load balancer answers on any path it has no route for.
        return EmulatorResponse.text(200, BACKEND_SERVICE_REACHED);
    }

    /** The body as UTF-8 text, or null when it is over {@link #MAX_BODY_BYTES}. */
    private static String readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            return null;
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, EmulatorResponse response) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", response.contentType());
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            headers.set(header.getKey(), header.getValue());
        }
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String randomKey() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Configuration of an emulator; every setting has a sandbox-ready default. */
    public static final class Builder {
        private String communityId = DEFAULT_COMMUNITY_ID;
        private String apiKey = randomKey();
        private int plan = DEFAULT_PLAN;
        private ArrayNode servers = DemoServers.create();
        private int port;
        private boolean rateLimit;
        private Clock clock = Clock.systemUTC();
        private List<FakeFxServer> gameServers = List.of();

        private Builder() {
        }

        public Builder communityId(String communityId) {
            this.communityId = requireText(communityId, "communityId");
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = requireText(apiKey, "apiKey");
            return this;
        }

        public Builder plan(int plan) {
            if (plan < 0) {
                throw new IllegalArgumentException("plan must be >= 0, was " + plan);
            }
            this.plan = plan;
            return this;
        }

        /** The starting list (copied); default: four demo servers. */
        public Builder servers(ArrayNode servers) {
            if (!EmulatorJson.isServerList(servers)) {
                throw new IllegalArgumentException("servers must be an array of objects, each with an integral id");
            }
            this.servers = servers.deepCopy();
            return this;
        }

        /** 0 (default) = an ephemeral port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("not a port: " + port);
            }
            this.port = port;
            return this;
        }

        public Builder rateLimit(boolean enabled) {
            this.rateLimit = enabled;
            return this;
        }

        /** The clock of the rate-limit window and of write timestamps; tests pass a fake one. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public SonoranEmulator build() {
            return new SonoranEmulator(this);
        }

        /** {@code build().start()}. */
        public SonoranEmulator start() {
            return build().start();
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
