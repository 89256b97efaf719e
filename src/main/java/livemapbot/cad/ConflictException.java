package livemapbot.cad;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Nothing was written because a field the member changes was changed by someone else between
 * what the member was shown and the moment of the write, or because the server is gone (see
 * {@link ServerMerge}). Carries the collisions with both values.
 */
public final class ConflictException extends CadException {
    private final transient ServerEntry seen;
    private final transient ServerEntry current;
    private final transient List<ServerMerge.Collision> collisions;

    /** {@code current} changed {@code collisions}' fields to values other than the member's. */
    public ConflictException(ServerEntry seen, ServerEntry current, List<ServerMerge.Collision> collisions) {
        super(Kind.CONFLICT,
                "Someone else changed " + labels(collisions) + " of server #" + seen.id()
                        + " after your preview, so nothing was written. "
                        + "Run /setmap again (or Edit in /servers) to start from the current settings.",
                "conflict on server " + seen.id() + ": " + collisions.size() + " field(s) changed since preview");
        this.seen = seen;
        this.current = current;
        this.collisions = List.copyOf(collisions);
    }

    private ConflictException(ServerEntry seen) {
        super(Kind.CONFLICT,
                "Server #" + seen.id() + " was removed from the CAD after your preview, so nothing was written. "
                        + "Run /servers to see the current list.",
                "conflict on server " + seen.id() + ": gone since preview");
        this.seen = seen;
        this.current = null;
        this.collisions = List.of();
    }

    /** The server the member saw is no longer in the CAD. */
    public static ConflictException gone(ServerEntry seen) {
        return new ConflictException(seen);
    }

    /** The whole list changed since a rollback's preview (no one server to name). */
    public static ConflictException listChanged() {
        return new ConflictException();
    }

    private ConflictException() {
        super(Kind.CONFLICT, "The server list was changed in the CAD after your preview, so nothing was written. "
                + "Run the command again to start from the current list.", "conflict: the list changed since preview");
        this.seen = null;
        this.current = null;
        this.collisions = List.of();
    }

    public ServerEntry seen() {
        return seen;
    }

    /** The server as the CAD holds it now; null when it is gone. */
    public ServerEntry current() {
        return current;
    }

    public boolean serverGone() {
        return seen != null && current == null;
    }

    /** The fields both sides changed: what the member saw, the value now, the member's value. */
    public List<ServerMerge.Collision> collisions() {
        return collisions;
    }

    private static String labels(List<ServerMerge.Collision> collisions) {
        return collisions.stream().map(c -> c.field().label().toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
