package livemapbot.e2e.fake;

import javax.net.ServerSocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers every socket the server accepts, in accept order. MockWebServer numbers connections the same way
 * ({@code RecordedRequest#getConnectionIndex()}), which gives the fake the raw socket under a gateway WebSocket, so it
 * can cut it like a failing network would; OkHttp's server-side WebSocket has no {@code cancel()}.
 */
final class AcceptedSockets extends ServerSocketFactory {
    private final Map<Integer, Socket> accepted = new HashMap<>();
    private int nextIndex;

    synchronized Socket byConnectionIndex(int index) {
        Socket socket = accepted.get(index);
        if (socket == null) {
            throw new IndexOutOfBoundsException("no open connection #" + index);
        }
        return socket;
    }

    private synchronized void add(Socket socket) {
        accepted.put(nextIndex++, socket);
    }

    /** Lets go of the sockets already closed, so a long run (the benchmark's soak) does not keep them all. */
    synchronized void forgetClosed() {
        accepted.values().removeIf(Socket::isClosed);
    }

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new TrackingServerSocket();
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
        ServerSocket socket = new TrackingServerSocket();
        socket.bind(new java.net.InetSocketAddress(port));
        return socket;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
        ServerSocket socket = new TrackingServerSocket();
        socket.bind(new java.net.InetSocketAddress(port), backlog);
        return socket;
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
        ServerSocket socket = new TrackingServerSocket();
        socket.bind(new java.net.InetSocketAddress(address, port), backlog);
        return socket;
    }

    private final class TrackingServerSocket extends ServerSocket {
        TrackingServerSocket() throws IOException {
            super();
        }

        @Override
        public Socket accept() throws IOException {
            Socket socket = new Socket();
            implAccept(socket);
            add(socket);
            return socket;
        }
    }
}
