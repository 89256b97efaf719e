package livemapbot.cad;

import java.util.List;

/**
 * The server changed in the CAD between what the user was shown and the moment of the write;
 * nothing was written. Carries both versions so the user can see what changed meanwhile.
 */
public final class ConflictException extends CadException {
    private final transient ServerEntry seen;
    private final transient ServerEntry current;

    public ConflictException(ServerEntry seen, ServerEntry current) {
        super(Kind.CONFLICT,
                "Server #" + seen.id() + " was changed in the CAD after your preview, so nothing was written. "
                        + "Run /setmap again to start from the current settings.",
                "conflict on server " + seen.id() + ": " + seen.differencesTo(current).size() + " field(s) changed since preview");
        this.seen = seen;
        this.current = current;
    }

    public ServerEntry seen() {
        return seen;
    }

    public ServerEntry current() {
        return current;
    }

    /** What changed since the preview (seen → current). */
    public List<FieldChange> changedMeanwhile() {
        return seen.differencesTo(current);
    }
}
