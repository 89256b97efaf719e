package livemapbot.cad;

import livemapbot.config.ApiVersion;
import livemapbot.config.Settings;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static livemapbot.cad.CadClientTestSupport.KEY;
import static livemapbot.cad.CadClientTestSupport.json;
import static livemapbot.cad.CadClientTestSupport.settings;
import static livemapbot.cad.CadClientTestSupport.take;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class CadClientsTest {
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void choosesTheClientByApiVersion() {
        OkHttpClient base = new OkHttpClient();

        assertInstanceOf(V1CadClient.class, CadClients.create(settings(server, ApiVersion.V1, KEY), base));
        assertInstanceOf(V2CadClient.class, CadClients.create(settings(server, ApiVersion.V2, KEY), base));
    }

    @Test
    void derivesItsHttpClientFromTheSharedOneWithCadTimeouts() {
        OkHttpClient base = new OkHttpClient.Builder().readTimeout(7, TimeUnit.SECONDS).build();

        V1CadClient v1 = (V1CadClient) CadClients.create(settings(server, ApiVersion.V1, KEY), base);
        V2CadClient v2 = (V2CadClient) CadClients.create(settings(server, ApiVersion.V2, KEY), base);

        for (OkHttpClient http : new OkHttpClient[] {v1.transport().http(), v2.transport().http()}) {
            assertNotSame(base, http);
            assertSame(base.connectionPool(), http.connectionPool(), "connection pool shared");
            assertSame(base.dispatcher(), http.dispatcher(), "dispatcher shared");
            assertEquals(5_000, http.connectTimeoutMillis());
            // At most the whole budget per attempt (was 20 s: longer than the 15 s promise allows).
            assertEquals(CadBudget.OPERATION.toMillis(), http.callTimeoutMillis());
            assertEquals(7_000, http.readTimeoutMillis(), "other settings of the shared client kept");
        }
        assertEquals(0, base.callTimeoutMillis(), "the shared client itself is untouched");
    }

    @Test
    void anApiUrlWithAPathPrefixKeepsIt() throws Exception {
        Settings base = settings(server, ApiVersion.V2, KEY);
        Settings prefixed = base.withSonoran(server.url("/proxy/sonoran").toString(), base.communityId(), base.apiKey());
        server.enqueue(json(200, "{\"servers\":[]}"));

        CadClients.create(prefixed, new OkHttpClient()).listServers();

        assertEquals("GET /proxy/sonoran/v2/general/servers HTTP/1.1", take(server).getRequestLine());
    }

    /** Log snippets of Sonoran's answers are cut by the bot's one truncation routine: no half emoji. */
    @Test
    void aSnippetCutAtAnEmojiKeepsNoHalfOfIt() {
        V1CadClient v1 = (V1CadClient) CadClients.create(settings(server, ApiVersion.V1, KEY), new OkHttpClient());
        String snippet = v1.transport().snippet("a".repeat(199) + "\uD83D\uDE00" + "b".repeat(10));
        assertEquals("a".repeat(199) + "…", snippet);
    }
}
