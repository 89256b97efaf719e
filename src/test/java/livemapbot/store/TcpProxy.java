package livemapbot.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 in front of the test PostgreSQL, so a test can take "the database" away
 * while the store runs ({@link #stop}: every connection cut, new ones refused) and bring it back
 * on the same port ({@link #start}).
 */
public final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private Thread acceptor;
    private int port;

    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Listens (on the same port as before, after a {@link #stop}). */
    public synchronized TcpProxy start() throws IOException {
        ServerSocket listening = bindWithin(java.time.Duration.ofSeconds(5));
        port = listening.getLocalPort();
        server = listening;
        Thread acceptor = new Thread(() -> accept(listening), "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        this.acceptor = acceptor;
        return this;
    }

    /**
     * Binds the port it had before a {@link #stop}: right after one, the kernel may still count the
     * old listener or a socket it accepted (closing is asynchronous), so binding is tried again for a moment.
     */
    private ServerSocket bindWithin(java.time.Duration patience) throws IOException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            ServerSocket listening = new ServerSocket();
            listening.setReuseAddress(true);
            try {
                listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return listening;
            } catch (java.net.BindException e) {
                listening.close();
                if (port == 0 || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public int port() {
        return port;
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                sockets.add(client);
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(upstream);
                if (listening.isClosed()) {
                    // Stopped meanwhile: this pair must not outlive the stop.
                    closeQuietly(client);
                    closeQuietly(upstream);
                    return;
                }
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread relay = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // One side went away: the other is closed below.
            }
            closeQuietly(from);
            closeQuietly(to);
        }, "tcp-proxy-relay");
        relay.setDaemon(true);
        relay.start();
    }

    /** Cuts every connection and refuses new ones until {@link #start}. */
    public synchronized void stop() {
        ServerSocket listening = server;
        if (listening != null) {
            try {
                listening.close();
            } catch (IOException ignored) {
                // Closed either way.
            }
        }
        // The listener is really gone only once its thread has left accept(): until then the kernel
        // may still complete handshakes that nobody serves (a client would wait for ever).
        Thread accepting = acceptor;
        if (accepting != null) {
            try {
                accepting.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    @Override
    public void close() {
        stop();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
