package livemapbot.cad.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/** The error bodies of Sonoran's v2 API (RFC 7807 problem details) and of its rate limiter. */
final class Problems {
    static final String RATE_LIMIT_MESSAGE = "API rate limit exceeded";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Problems() {
    }

    static EmulatorResponse problem(int status, String title, String detail) {
        ObjectNode body = EmulatorJson.object();
        body.put("type", "https://httpstatuses.io/" + status);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("traceId", traceId());
        return new EmulatorResponse(status, EmulatorResponse.PROBLEM_JSON, EmulatorJson.bytes(body), Map.of());
    }

    /** The gateway's 429: not a problem document, and it always says when to come back. */
    static EmulatorResponse rateLimited(long retryAfterSeconds) {
        ObjectNode body = EmulatorJson.object();
        body.put("message", RATE_LIMIT_MESSAGE);
        body.put("request_id", UUID.randomUUID().toString());
        return EmulatorResponse.json(429, EmulatorJson.bytes(body))
                .withHeader("Retry-After", Long.toString(retryAfterSeconds));
    }

    /** A W3C trace context id, the form ASP.NET puts in {@code traceId}. */
    private static String traceId() {
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        RANDOM.nextBytes(trace);
        RANDOM.nextBytes(span);
        HexFormat hex = HexFormat.of();
        return "00-" + hex.formatHex(trace) + "-" + hex.formatHex(span) + "-00";
    }
}
