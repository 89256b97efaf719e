package livemapbot.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import livemapbot.config.ConfigKey;
import livemapbot.config.MetricsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code /metrics} (Prometheus text) and {@code /health} on {@code metrics.bindAddress:metrics.port},
 * served by the JDK's own HTTP server on two daemon threads. Only GET and HEAD; anything else is 405,
 * any other path 404.
 */
public final class MetricsServer implements AutoCloseable {
    /** The Prometheus text format {@link PrometheusMetrics#scrape()} writes. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    private final HttpServer server;
    private final ExecutorService threads;

    private MetricsServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Why the endpoint could not start, naming the setting to change. */
    public static final class StartException extends Exception {
        StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Listens on {@code settings}' address and port.
     *
     * @throws StartException when the port is taken, the address is not this machine's or the name
     *                        does not resolve; the message names metrics.port or metrics.bindAddress
     */
    public static MetricsServer start(MetricsSettings settings, PrometheusMetrics metrics, Health health)
            throws StartException {
        ConfigKey portKey = ConfigKey.METRICS_PORT;
        ConfigKey addressKey = ConfigKey.METRICS_BIND_ADDRESS;
        String host = settings.bindAddress();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new StartException(addressKey.key() + " (" + addressKey.envName() + ") " + settings.bindAddress()
                    + " does not resolve to an address of this machine", e);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, settings.port()), 0);
        } catch (BindException e) {
            throw new StartException(portKey.key() + " (" + portKey.envName() + "): cannot listen on "
                    + settings.bindAddress() + ":" + settings.port() + " (" + e.getMessage()
                    + "); another process may use the port: choose another one, or 0 to turn metrics off", e);
        } catch (IOException e) {
            throw new StartException(portKey.key() + " (" + portKey.envName() + "): cannot listen on "
                    + settings.bindAddress() + ":" + settings.port() + " (" + e.getMessage() + ")", e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "metrics-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String method = exchange.getRequestMethod();
                if (!path.equals("/metrics") && !path.equals("/health")) {
                    send(exchange, 404, "text/plain; charset=utf-8", "not found: try /metrics or /health\n");
                } else if (!method.equals("GET") && !method.equals("HEAD")) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    send(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n");
                } else if (path.equals("/metrics")) {
                    send(exchange, 200, PROMETHEUS_TEXT, metrics.scrape());
                } else {
                    Health.Verdict verdict = health.check();
                    send(exchange, verdict.up() ? 200 : 503, "application/json", verdict.json());
                }
            } catch (RuntimeException e) {
                LOG.warn("metrics endpoint: {} failed", exchange.getRequestURI().getPath(), e);
            }
        });
        server.start();
        LOG.info("metrics: /metrics and /health on http://{}:{}/", settings.bindAddress(),
                server.getAddress().getPort());
        return new MetricsServer(server, threads);
    }

    /** The address and port listened on. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The port actually listened on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** Stops listening at once (a scrape under way is cut short). */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
