package livemapbot.cad.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One answer of the emulator, built by the API handlers and written by {@link SonoranEmulator}.
 * Handlers return values instead of writing to the exchange so every answer passes the same
 * place (delay, logging, content length).
 */
record EmulatorResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    static final String TEXT = "text/plain; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";
    static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";

    EmulatorResponse {
        headers = Map.copyOf(headers);
    }

    static EmulatorResponse text(int status, String body) {
        return new EmulatorResponse(status, TEXT, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static EmulatorResponse json(int status, byte[] body) {
        return new EmulatorResponse(status, JSON, body, Map.of());
    }

    EmulatorResponse withHeader(String name, String value) {
        var all = new java.util.LinkedHashMap<>(headers);
        all.put(name, value);
        return new EmulatorResponse(status, contentType, body, all);
    }
}
