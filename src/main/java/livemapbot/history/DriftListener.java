package livemapbot.history;

/**
 * Receives each drift detection once. The wiring records revisions with source {@code outside}
 * (one per server) and posts the embed. Called on the drift watch's thread; an exception is logged
 * and does not stop the watch.
 */
@FunctionalInterface
public interface DriftListener {
    void onDrift(DriftDetection detection);
}
