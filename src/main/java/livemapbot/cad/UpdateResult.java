package livemapbot.cad;

import java.util.List;

/** A successful {@code /setmap} write: what changed in the server, and whether the map was deployed. */
public record UpdateResult(List<FieldChange> changes, boolean deployed) {
}
