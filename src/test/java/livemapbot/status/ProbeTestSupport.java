package livemapbot.status;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import livemapbot.cad.ServerEntry;

/** CAD entries for the probe tests. */
final class ProbeTestSupport {
    private ProbeTestSupport() {
    }

    static ServerEntry entry(int id, String mapIp, Object listenerPort, boolean enableMap) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", id);
        node.put("name", "Server " + id);
        node.put("mapIp", mapIp);
        node.put("listenerPort", String.valueOf(listenerPort));
        node.put("enableMap", enableMap);
        return ServerEntry.fromJson(node);
    }
}
