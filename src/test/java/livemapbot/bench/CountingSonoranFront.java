package livemapbot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import livemapbot.cad.CadOperation;
import livemapbot.cad.emulator.SonoranEmulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The hosted benchmark's Sonoran (v1) on 127.0.0.1: {@code communities} distinct community ids and API keys, each
 * request counted per community and operation, then passed to one {@link SonoranEmulator} with its id and key put
 * in place of the community's. So every guild has a community and key of its own, as in production, while one
 * emulator answers them all (its rate limit, per key, must stay off: all 1,000 land on its one key). A request with
 * an id or key that is not one of ours goes through unchanged and the emulator refuses it.
 *
 * <p>The counters are allocated up front, so they weigh the same in every heap reading.
 */
final class CountingSonoranFront implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID_PREFIX = "bench-community-";
    private static final CadOperation[] OPS = CadOperation.values();

    private final SonoranEmulator target;
    private final int communities;
    private final AtomicIntegerArray counts;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final HttpClient http;

    CountingSonoranFront(SonoranEmulator target, int communities) throws IOException {
        this.target = target;
        this.communities = communities;
        this.counts = new AtomicIntegerArray(communities * OPS.length);
        this.handlers = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "sonoran-front");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static String communityId(int index) {
        return ID_PREFIX + index;
    }

    /** The made-up API key of community {@code index}: it opens nothing but this front. */
    static String apiKey(int index) {
        return "bench-api-key-" + index + "-" + Integer.toHexString(Integer.reverse(index * 2_654_435 + 17));
    }

    /** Calls of {@code op} by community {@code index} so far. */
    int count(int index, CadOperation op) {
        return counts.get(index * OPS.length + op.ordinal());
    }

    /** Every counter now: {@code [community][operation ordinal]}. */
    int[][] snapshot() {
        int[][] now = new int[communities][OPS.length];
        for (int c = 0; c < communities; c++) {
            for (int o = 0; o < OPS.length; o++) {
                now[c][o] = counts.get(c * OPS.length + o);
            }
        }
        return now;
    }

    long total(CadOperation op) {
        long sum = 0;
        for (int c = 0; c < communities; c++) {
            sum += count(c, op);
        }
        return sum;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            byte[] forwarded = body;
            try {
                JsonNode tree = JSON.readTree(body);
                if (tree instanceof ObjectNode request) {
                    int index = indexOf(request.path("id").asText(""));
                    CadOperation op = operation(request.path("type").asText(""));
                    if (index >= 0 && op != null && apiKey(index).equals(request.path("key").asText(""))) {
                        counts.incrementAndGet(index * OPS.length + op.ordinal());
                        request.put("id", target.communityId());
                        request.put("key", target.apiKey());
                        forwarded = JSON.writeValueAsBytes(request);
                    }
                }
            } catch (IOException notJson) {
                // passed on as it came; the emulator answers as Sonoran would
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(target.baseUrl()
                            + exchange.getRequestURI().getRawPath()))
                    .timeout(Duration.ofSeconds(30))
                    .method(exchange.getRequestMethod(), forwarded.length == 0
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(forwarded));
            if (contentType != null) {
                out.header("Content-Type", contentType);
            }
            HttpResponse<byte[]> answer;
            try {
                answer = http.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            answer.headers().firstValue("Content-Type").ifPresent(t -> exchange.getResponseHeaders().set("Content-Type", t));
            byte[] reply = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), reply.length == 0 ? -1 : reply.length);
            if (reply.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(reply);
                }
            }
        }
    }

    private int indexOf(String id) {
        if (!id.startsWith(ID_PREFIX)) {
            return -1;
        }
        try {
            int index = Integer.parseInt(id.substring(ID_PREFIX.length()));
            return index >= 0 && index < communities ? index : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The v1 request type (what the bot puts in {@code type}) as the emulator's operation. */
    private static CadOperation operation(String type) {
        return switch (type) {
            case "GET_SERVERS" -> CadOperation.LIST_SERVERS;
            case "SET_SERVERS" -> CadOperation.REPLACE_SERVERS;
            case "GET_VERSION" -> CadOperation.GET_VERSION;
            default -> null;
        };
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
