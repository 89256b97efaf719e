package livemapbot.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import livemapbot.cad.emulator.SonoranEmulator;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * One Sonoran API on 127.0.0.1 for several communities, as the real one is: each v1 request goes
 * to the emulator of the community its body names ({@code id}); an unknown id goes to the first,
 * which answers as Sonoran does for a wrong community. Multi-community tests point
 * {@code sonoran.apiUrl} here.
 */
final class SonoranCommunities implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<SonoranEmulator> communities;
    private final MockWebServer front = new MockWebServer();
    private final OkHttpClient http = new OkHttpClient();

    SonoranCommunities(List<SonoranEmulator> communities) throws IOException {
        this.communities = List.copyOf(communities);
        front.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return forward(request);
            }
        });
        front.start(InetAddress.getLoopbackAddress(), 0);
    }

    String baseUrl() {
        String url = front.url("/").toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private MockResponse forward(RecordedRequest request) {
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        SonoranEmulator target = communities.get(0);
        try {
            JsonNode parsed = JSON.readTree(body.isEmpty() ? "{}" : body);
            String id = parsed.path("id").asText("");
            for (SonoranEmulator community : communities) {
                if (community.communityId().equals(id)) {
                    target = community;
                }
            }
        } catch (IOException e) {
            // Not JSON: the first community answers as Sonoran would.
        }
        String contentType = request.getHeaders().get("Content-Type");
        Request.Builder forwarded = new Request.Builder().url(target.baseUrl() + request.getUrl().encodedPath());
        if ("GET".equals(request.getMethod())) {
            forwarded.get();
        } else {
            forwarded.method(request.getMethod(), RequestBody.create(body,
                    contentType == null ? null : MediaType.parse(contentType)));
        }
        try (Response response = http.newCall(forwarded.build()).execute()) {
            MockResponse.Builder answer = new MockResponse.Builder().code(response.code())
                    .body(response.body().string());
            String type = response.header("Content-Type");
            if (type != null) {
                answer.setHeader("Content-Type", type);
            }
            return answer.build();
        } catch (IOException e) {
            return new MockResponse.Builder().code(502).body("front: " + e.getMessage()).build();
        }
    }

    @Override
    public void close() throws IOException {
        front.close();
        http.connectionPool().evictAll();
    }
}
