package livemapbot.cad.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain JDK HTTP client for talking to the emulator the way any Sonoran client would. */
final class EmulatorHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final SonoranEmulator emulator;

    EmulatorHttp(SonoranEmulator emulator) {
        this.emulator = emulator;
    }

    /** A v1 envelope with the emulator's own credentials. */
    ObjectNode envelope(String type) {
        ObjectNode body = EmulatorJson.object();
        body.put("id", emulator.communityId());
        body.put("key", emulator.apiKey());
        body.put("type", type);
        body.putArray("data");
        return body;
    }

    HttpResponse<String> v1(String path, JsonNode body) {
        return post(path, body.toString(), "application/json");
    }

    HttpResponse<String> post(String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    HttpResponse<String> get(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    HttpResponse<String> v2Get(String path) {
        return get(path, "Bearer " + emulator.apiKey());
    }

    HttpResponse<String> v2Put(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + emulator.apiKey())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return URI.create(emulator.baseUrl() + path);
    }

    static HttpClient client() {
        return CLIENT;
    }

    static JsonNode json(HttpResponse<String> response) {
        return EmulatorJson.parse(response.body()).orElseThrow(() -> new AssertionError("not JSON: " + response.body()));
    }

    static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }
}
