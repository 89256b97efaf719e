package livemapbot.discord.servers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.ServerEntry;

/** Server entries as Sonoran serves them, for the tests of this package. */
final class TestServers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestServers() {
    }

    /** The documented example entry of GET_SERVERS, with {@code id} and {@code name} replaced. */
    static ObjectNode documented(int id, String name) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("name", name);
        node.put("description", "Default server description");
        node.putNull("signal");
        node.put("mapUrl", "https://cad.example/map/community/map_example/index.html");
        node.put("mapIp", "123.456.78.9");
        node.put("mapPort", "30121");
        node.put("differingOutbound", false);
        node.put("outboundIp", "");
        node.put("listenerPort", "30120");
        node.put("enableMap", false);
        node.put("mapType", "POSTAL");
        node.put("isStatic", false);
        return node;
    }

    static ServerEntry entry(ObjectNode node) {
        return ServerEntry.fromJson(node);
    }

    static ServerEntry server(int id, String name) {
        return entry(documented(id, name));
    }
}
