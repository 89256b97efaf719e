package livemapbot.cad;

import java.time.Instant;
import java.util.List;

/** A successful {@code /setmap} write: the server before and after, and whether the map was deployed. */
public record UpdateResult(ServerEntry before, ServerEntry after, boolean deployed, Instant writtenAt) {
    public List<FieldChange> changes() {
        return before.differencesTo(after);
    }
}
