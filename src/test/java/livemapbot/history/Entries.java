package livemapbot.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerList;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Server entries for the history tests, written as JSON the way Sonoran serves them. */
final class Entries {
    static final ObjectMapper JSON = new ObjectMapper();

    private Entries() {
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ServerEntry entry(String json) {
        return ServerEntry.fromJson(json(json));
    }

    /** A full documented entry plus an unknown field, so every test exercises pass-through. */
    static ServerEntry server(int id, String name) {
        return entry("{\"id\":" + id + ",\"name\":\"" + name + "\",\"description\":\"d" + id + "\",\"signal\":null,"
                + "\"mapUrl\":\"https://map/" + id + "\",\"mapIp\":\"198.51.100." + id + "\",\"mapPort\":\"30121\","
                + "\"differingOutbound\":false,\"outboundIp\":\"\",\"listenerPort\":\"30120\",\"enableMap\":true,"
                + "\"mapType\":\"POSTAL\",\"isStatic\":false,\"liveMapFormat\":0,\"custom\":{\"a\":[1,\"x\"]}}");
    }

    /** {@code base} with one JSON key set to {@code jsonValue} (a JSON literal). */
    static ServerEntry with(ServerEntry base, String key, String jsonValue) {
        var node = base.toJson();
        node.set(key, json(jsonValue));
        return ServerEntry.fromJson(node);
    }

    static ServerEntry without(ServerEntry base, String key) {
        var node = base.toJson();
        node.remove(key);
        return ServerEntry.fromJson(node);
    }

    static List<ServerEntry> list(ServerEntry... entries) {
        return new ArrayList<>(List.of(entries));
    }

    static ServerList serverList(Instant at, ServerEntry... entries) {
        return new ServerList(List.of(entries), at);
    }
}
