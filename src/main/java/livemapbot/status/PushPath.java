package livemapbot.status;

/** What {@code GET /sonorancad/status} answered: the path Sonoran uses to push events when its websocket is down. */
public enum PushPath {
    /** {@code 200 If you're seeing this, sonorancad is loaded.} */
    ANSWERS("push path OK"),
    /** {@code 404 Route /sonorancad/… not found.}: no resource named sonorancad is started. */
    NO_RESOURCE("no sonorancad route"),
    /** {@code 404 Not found.}: the resource is started without its HTTP handler. */
    NO_HANDLER("sonorancad has no HTTP handler"),
    /** Anything else (another status or body, an error). */
    UNEXPECTED("push path answers unexpectedly"),
    /** Not asked (an earlier request failed or was blocked). */
    NOT_CHECKED("push path not checked");

    private final String words;

    PushPath(String words) {
        this.words = words;
    }

    public String words() {
        return words;
    }
}
