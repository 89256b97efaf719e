package livemapbot.cad.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The emulator's starting server list: shaped like a real community's, and chosen so every case
 * the bot must handle is present from the first call — map on and off, every documented map
 * type, a differing outbound IP, a port served as a number, and fields nobody documents.
 * IPs come from the documentation ranges (RFC 5737) and map URLs use the reserved {@code .invalid}
 * domain, so nothing derived from the demo data can ever reach a real host.
 */
final class DemoServers {
    private DemoServers() {
    }

    static ArrayNode create() {
        ArrayNode servers = EmulatorJson.array();

        ObjectNode main = documented(1, "Main Server", "Main roleplay server");
        main.put("mapIp", "203.0.113.10");
        main.put("listenerPort", "30120");
        main.put("enableMap", true);
        main.put("mapType", "POSTAL");
        servers.add(main);

        ObjectNode training = documented(2, "Training Server", "New member training, no live map");
        training.put("mapIp", "203.0.113.20");
        training.put("listenerPort", "30130");
        training.put("enableMap", false);
        training.put("mapType", "NORMAL");
        servers.add(training);

        // A host behind NAT: players connect to mapIp, but the CAD sees requests from outboundIp.
        ObjectNode whitelisted = documented(3, "Whitelisted", "Whitelisted departments");
        whitelisted.put("mapIp", "203.0.113.30");
        whitelisted.put("differingOutbound", true);
        whitelisted.put("outboundIp", "198.51.100.7");
        whitelisted.put("listenerPort", "30140");
        whitelisted.put("enableMap", true);
        whitelisted.put("mapType", "OCRP POSTAL");
        servers.add(whitelisted);

        // As left behind by a tool that wrote the port as a number (one documented write example
        // does), plus a field Sonoran never documented: the bot must round-trip both untouched.
        ObjectNode event = documented(4, "Event Server", "Weekend events");
        event.put("mapIp", "203.0.113.40");
        event.put("listenerPort", 30150);
        event.put("enableMap", false);
        event.put("mapType", "POSTAL");
        ObjectNode custom = event.putObject("customField");
        custom.put("a", 1);
        servers.add(event);

        return servers;
    }

    /**
     * The demo list for the sandbox, its game servers pointed at FXServer stand-ins on 127.0.0.1 so
     * the live status shows every kind of verdict: #1 online with sonorancad, #3 online without it,
     * #2 unreachable (a closed port), #4 not probed (Live Map off, no address). No documentation
     * address is left in, so nothing is ever probed beyond 127.0.0.1.
     */
    static ArrayNode sandbox(int withResourcePort, int withoutResourcePort, int closedPort) {
        ArrayNode servers = create();
        pointAt((ObjectNode) servers.get(0), "127.0.0.1", Integer.toString(withResourcePort));
        pointAt((ObjectNode) servers.get(1), "127.0.0.1", Integer.toString(closedPort));
        pointAt((ObjectNode) servers.get(2), "127.0.0.1", Integer.toString(withoutResourcePort));
        pointAt((ObjectNode) servers.get(3), "", "");
        return servers;
    }

    private static void pointAt(ObjectNode server, String ip, String port) {
        server.put("mapIp", ip);
        server.put("listenerPort", port);
    }

    /** Every documented field in the order the API serves them, with the API's own defaults. */
    private static ObjectNode documented(int id, String name, String description) {
        ObjectNode server = EmulatorJson.object();
        server.put("id", id);
        server.put("name", name);
        server.put("description", description);
        server.putNull("signal");
        server.put("mapUrl", "https://cad.example.invalid/map/community/demo/server" + id + "/index.html");
        server.put("mapIp", "");
        server.put("mapPort", "30121");
        server.put("differingOutbound", false);
        server.put("outboundIp", "");
        server.put("listenerPort", "30120");
        server.put("enableMap", false);
        server.put("mapType", "NORMAL");
        server.put("isStatic", false);
        return server;
    }
}
