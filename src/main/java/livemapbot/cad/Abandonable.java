package livemapbot.cad;

/**
 * A queued task that somebody is waiting for. When a queue drops it before it ran (a shutdown),
 * {@link #abandon()} gives the waiters their answer instead of leaving them waiting for good —
 * for a command, a reply to a deferred interaction that would otherwise stay "thinking".
 */
public interface Abandonable {
    void abandon();
}
