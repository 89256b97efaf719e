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
    private int port;

    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** Listens (on the same port as before, after a {@link #stop}). */
    public synchronized TcpProxy start() throws IOException {
        ServerSocket listening = new ServerSocket();
        listening.setReuseAddress(true);
        listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = listening.getLocalPort();
        server = listening;
        Thread acceptor = new Thread(() -> accept(listening), "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    public int port() {
        return port;
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
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
