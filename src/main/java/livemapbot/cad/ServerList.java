package livemapbot.cad;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The server list as read from Sonoran at {@code readAt}. Immutable. */
public record ServerList(List<ServerEntry> servers, Instant readAt) {
    public ServerList {
        servers = List.copyOf(servers);
    }

    public Optional<ServerEntry> find(int id) {
        return servers.stream().filter(s -> s.id() == id).findFirst();
    }
}
