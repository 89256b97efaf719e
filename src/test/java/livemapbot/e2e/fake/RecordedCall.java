package livemapbot.e2e.fake;

/**
 * One REST request the fake received, and the status it answered with.
 *
 * @param route         the path below {@code /api/v10/}, e.g. {@code channels/123/messages}
 * @param query         the raw query string, or empty
 * @param body          the JSON body (the {@code payload_json} part of a multipart body), or empty
 * @param receivedNanos {@link System#nanoTime()} when the request reached the fake
 */
public record RecordedCall(String method, String route, String query, String body, int status, long receivedNanos) {
    @Override
    public String toString() {
        return method + " " + route + (query.isEmpty() ? "" : "?" + query) + " -> " + status;
    }
}
