package livemapbot.cad.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Issue 11: the sandbox serves a fake FXServer for its demo servers, on 127.0.0.1, closed with it. */
class SandboxGameServersTest {
    private static int port(ObjectNode server) {
        return Integer.parseInt(server.path("listenerPort").asText());
    }

    @Test
    void theDemoServersPointAtLocalGameServersThatCloseWithTheSandbox() throws Exception {
        int online;
        int withoutResource;
        try (SonoranEmulator sandbox = SonoranEmulator.startSandbox(0)) {
            ObjectNode main = sandbox.server(1).orElseThrow();
            ObjectNode whitelisted = sandbox.server(3).orElseThrow();
            assertEquals("127.0.0.1", main.path("mapIp").asText());
            assertEquals("127.0.0.1", whitelisted.path("mapIp").asText());
            assertEquals("127.0.0.1", sandbox.server(2).orElseThrow().path("mapIp").asText());
            assertEquals("", sandbox.server(4).orElseThrow().path("mapIp").asText());
            assertEquals("", sandbox.server(4).orElseThrow().path("listenerPort").asText());
            online = port(main);
            withoutResource = port(whitelisted);
            new Socket(InetAddress.getLoopbackAddress(), online).close();
            new Socket(InetAddress.getLoopbackAddress(), withoutResource).close();
        }
        assertThrows(IOException.class, () -> new Socket(InetAddress.getLoopbackAddress(), online).close());
        assertThrows(IOException.class, () -> new Socket(InetAddress.getLoopbackAddress(), withoutResource).close());
    }

    @Test
    void anEmulatorBuiltForTestsKeepsItsDocumentationAddresses() {
        try (SonoranEmulator emulator = SonoranEmulator.builder().start()) {
            assertEquals("203.0.113.10", emulator.server(1).orElseThrow().path("mapIp").asText());
        }
    }
}
