package livemapbot.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerList;
import livemapbot.store.KnownLists;
import livemapbot.store.Store;
import livemapbot.store.StoreException;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The store's {@link KnownLists} as the drift watch's {@link KnownListStore}: the list as a JSON
 * array of entries, its {@code readAt} the row's {@code updated_at}. The compare-and-set runs under
 * the store's community lock (a PostgreSQL advisory lock shared by every process), so of two
 * processes that saw the same version one wins. Store failures become runtime exceptions, which
 * the watch logs before trying again at the next interval.
 */
public final class StoreKnownLists implements KnownListStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Store store;

    public StoreKnownLists(Store store) {
        this.store = store;
    }

    @Override
    public Optional<Known> load(String community) {
        try {
            return store.knownLists().get(community)
                    .map(k -> new Known(new ServerList(parse(k.listJson()), k.updatedAt()), k.version()));
        } catch (StoreException e) {
            throw new IllegalStateException("the last known list could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean compareAndSet(String community, long expectedVersion, ServerList newList) {
        try {
            return store.withCommunityLock(community, () -> {
                long version = store.knownLists().get(community).map(KnownLists.KnownList::version).orElse(NONE);
                if (version != expectedVersion) {
                    return false;
                }
                store.knownLists().put(community, toJson(newList.servers()), newList.readAt());
                return true;
            });
        } catch (StoreException e) {
            throw new IllegalStateException("the last known list could not be stored: " + e.getMessage(), e);
        }
    }

    /** The entries as a JSON array, every field (unknown ones too) as the entry holds it. */
    public static String toJson(List<ServerEntry> servers) {
        ArrayNode array = JSON.createArrayNode();
        servers.forEach(s -> array.add(s.toJson()));
        return array.toString();
    }

    static List<ServerEntry> parse(String json) {
        try {
            JsonNode array = JSON.readTree(json);
            List<ServerEntry> servers = new ArrayList<>();
            array.forEach(node -> servers.add(ServerEntry.fromJson(node)));
            return servers;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("the last known list is not JSON", e);
        }
    }
}
