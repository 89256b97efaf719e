package livemapbot.cad.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An answer a test forces onto the next endpoint calls ({@link SonoranEmulator#failNext}), served
 * instead of whatever the emulator would have answered: outages, odd gateways, throttling.
 *
 * @param status      the HTTP status
 * @param contentType the {@code Content-Type} sent with it
 * @param body        the body, as UTF-8 text
 * @param headers     extra response headers, e.g. {@code Retry-After}
 */
public record InjectedFailure(int status, String contentType, String body, Map<String, String> headers) {
    public InjectedFailure {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        headers = Map.copyOf(headers);
    }

    /** Content type guessed from the body: JSON when it looks like JSON, plain text otherwise. */
    public static InjectedFailure of(int status, String body) {
        String trimmed = body.strip();
        boolean looksLikeJson = trimmed.startsWith("{") || trimmed.startsWith("[");
        return new InjectedFailure(status, looksLikeJson ? EmulatorResponse.JSON : EmulatorResponse.TEXT, body, Map.of());
    }

    EmulatorResponse toResponse() {
        return new EmulatorResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8), headers);
    }
}
