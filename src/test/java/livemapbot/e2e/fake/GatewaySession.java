package livemapbot.e2e.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One gateway WebSocket connection (plain JSON, no compression). A connection becomes a session with IDENTIFY
 * (READY + GUILD_CREATE follow) or takes over an earlier session with RESUME (RESUMED follows); sequence numbers belong
 * to the session, so they keep increasing across a resume. As on Discord, a RESUME first replays the dispatches the
 * client has not seen (sequence above the {@code seq} it resumes with): a dispatch sent on a connection the client was
 * already abandoning (JDA closes a connection it thinks is a zombie) reaches it on the next one instead of being lost.
 */
final class GatewaySession extends WebSocketListener {
    private static final int OP_DISPATCH = 0;
    private static final int OP_HEARTBEAT = 1;
    private static final int OP_IDENTIFY = 2;
    private static final int OP_RESUME = 6;
    private static final int OP_INVALID_SESSION = 9;
    private static final int OP_HELLO = 10;
    private static final int OP_HEARTBEAT_ACK = 11;

    /** What outlives a connection: the id JDA resumes with, the sequence counter and the recent dispatches. */
    record State(String sessionId, FakeDiscord.Shard shard, AtomicInteger sequence, Deque<ObjectNode> recent) {
        /** Discord keeps a bounded backlog too; far more than any test sends between two connections. */
        private static final int BACKLOG = 1000;

        State(String sessionId, FakeDiscord.Shard shard) {
            this(sessionId, shard, new AtomicInteger(), new ArrayDeque<>());
        }

        /** Numbers the frame and remembers it for a later RESUME; numbering and keeping happen together. */
        synchronized ObjectNode number(ObjectNode frame) {
            frame.put("s", sequence.incrementAndGet());
            recent.addLast(frame);
            if (recent.size() > BACKLOG) {
                recent.removeFirst();
            }
            return frame;
        }

        /** The dispatches after {@code seen}, oldest first. */
        synchronized List<ObjectNode> after(long seen) {
            return recent.stream().filter(frame -> frame.path("s").asLong() > seen).toList();
        }
    }

    private final FakeDiscord fake;
    private final Socket tcp;
    private volatile WebSocket socket;
    private volatile State state;

    GatewaySession(FakeDiscord fake, Socket tcp) {
        this.fake = fake;
        this.tcp = tcp;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        socket = webSocket;
        fake.socketOpened(this);
        // JDA sends IDENTIFY without waiting for HELLO; HELLO only starts its heartbeats.
        ObjectNode hello = Json.object().put("op", OP_HELLO);
        hello.putObject("d").put("heartbeat_interval", fake.heartbeatInterval().toMillis());
        send(hello);
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        JsonNode frame = Json.parse(text);
        switch (frame.path("op").asInt(-1)) {
            case OP_HEARTBEAT -> {
                if (fake.heartbeat()) {
                    send(Json.object().put("op", OP_HEARTBEAT_ACK));
                }
            }
            case OP_IDENTIFY -> {
                state = fake.identified(shardOf(frame.path("d").path("shard")));
                List<FakeGuild> guilds = fake.guildsOf(state.shard());
                dispatch("READY", fake.readyPayload(state.sessionId(), state.shard(), guilds));
                guilds.forEach(guild -> dispatch("GUILD_CREATE", guild.guildCreateJson()));
                fake.activate(this);
            }
            case OP_RESUME -> {
                Optional<State> resumed = fake.resumed(frame.path("d").path("session_id").asText());
                if (resumed.isPresent()) {
                    state = resumed.get();
                    state.after(frame.path("d").path("seq").asLong()).forEach(this::send);
                    dispatch("RESUMED", Json.object());
                    fake.activate(this);
                } else {
                    send(Json.object().put("op", OP_INVALID_SESSION).put("d", false));
                }
            }
            default -> {
                // presence updates, member requests …: nothing a slash-command bot depends on
            }
        }
    }

    /** IDENTIFY's {@code shard: [id, total]}; without it the session is the only shard, 0 of 1. */
    private static FakeDiscord.Shard shardOf(JsonNode shard) {
        if (!shard.isArray() || shard.size() != 2) {
            return new FakeDiscord.Shard(0, 1);
        }
        int id = shard.get(0).asInt();
        int total = shard.get(1).asInt();
        if (total < 1 || id < 0 || id >= total) {
            throw new IllegalArgumentException("invalid shard " + shard); // Discord closes with 4010
        }
        return new FakeDiscord.Shard(id, total);
    }

    /** The shard this connection's session is (valid after IDENTIFY or RESUME). */
    FakeDiscord.Shard shard() {
        return state.shard();
    }

    /** Sends a dispatch with the session's next sequence number; synchronized so numbers go out in order. */
    synchronized void dispatch(String eventType, JsonNode data) {
        if (state == null) {
            throw new IllegalStateException("dispatch before IDENTIFY/RESUME");
        }
        ObjectNode frame = Json.object().put("op", OP_DISPATCH).put("t", eventType);
        frame.set("d", data);
        send(state.number(frame));
    }

    private void send(ObjectNode frame) {
        if (!socket.send(Json.write(frame))) {
            throw new IllegalStateException("gateway socket is closed; could not send op " + frame.path("op"));
        }
    }

    void closeWith(int code) {
        socket.close(code, "fake Discord drop");
    }

    /** Resets the TCP connection without a close frame, like a network failure. */
    void abort() {
        try {
            tcp.setSoLinger(true, 0); // RST instead of an orderly FIN
            tcp.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not cut the gateway socket", e);
        }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        webSocket.close(1000, null); // complete the close handshake the client started
        fake.socketClosed(this);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        fake.socketClosed(this);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable t, Response response) {
        fake.socketClosed(this);
    }
}
