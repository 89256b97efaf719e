package livemapbot.history;

import livemapbot.cad.ServerEntry;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names the likely cause of a change the bot did not make. Three rules, first match wins:
 * <ol>
 *   <li>{@link Kind#FIVEM_SELF_CORRECTION}: one or more servers changed, every changed field is one
 *       of {@code mapIp}, {@code listenerPort}, {@code outboundIp}, {@code differingOutbound}, and no
 *       server was added, removed or moved. The sonorancad FiveM resource rewrites exactly those at
 *       every game-server start unless {@code disableOverride} is set.</li>
 *   <li>{@link Kind#LIST_REPLACED_BY_GAME_SERVER}: one or more servers disappeared and the list now
 *       holds exactly one new entry named {@code Server N} (N digits) and nothing else. The resource
 *       writes such a list when its serverId is not in the CAD, deleting every other server. A
 *       surviving server, a changed one, or a new entry under any other name is not that pattern.</li>
 *   <li>{@link Kind#PANEL_OR_OTHER_INTEGRATION}: any other difference.</li>
 * </ol>
 * No difference → no classification.
 */
public final class DriftClassifier {
    /** The fields the sonorancad FiveM resource rewrites at start-up. */
    public static final Set<String> FIVEM_FIELDS = Set.of("mapIp", "listenerPort", "outboundIp", "differingOutbound");

    private static final Pattern GAME_SERVER_NAME = Pattern.compile("Server \\d+");

    public enum Kind {
        FIVEM_SELF_CORRECTION("looks like the sonorancad FiveM resource correcting its own entry at start-up; "
                + "set `disableOverride` in its config.json if you do not want that"),
        LIST_REPLACED_BY_GAME_SERVER("the list was replaced by a game server whose serverId is not in the CAD"
                + " — every other server was deleted"),
        PANEL_OR_OTHER_INTEGRATION("changed in the CAD panel or by another integration");

        private final String explanation;

        Kind(String explanation) {
            this.explanation = explanation;
        }

        /** The sentence shown with a detection. */
        public String explanation() {
            return explanation;
        }
    }

    /**
     * @param kind    the rule that matched
     * @param deleted for {@link Kind#LIST_REPLACED_BY_GAME_SERVER}: the servers that were deleted, in
     *                their old order; else empty
     */
    public record Classification(Kind kind, List<ServerEntry> deleted) {
        public Classification {
            deleted = List.copyOf(deleted);
        }

        public String explanation() {
            return kind.explanation();
        }
    }

    private DriftClassifier() {
    }

    public static Optional<Classification> classify(ListDiff diff) {
        if (diff.isEmpty()) {
            return Optional.empty();
        }
        if (isFiveMSelfCorrection(diff)) {
            return Optional.of(new Classification(Kind.FIVEM_SELF_CORRECTION, List.of()));
        }
        if (isReplacedByGameServer(diff)) {
            List<ServerEntry> deleted = diff.removed().stream().map(ServerDelta::before).toList();
            return Optional.of(new Classification(Kind.LIST_REPLACED_BY_GAME_SERVER, deleted));
        }
        return Optional.of(new Classification(Kind.PANEL_OR_OTHER_INTEGRATION, List.of()));
    }

    private static boolean isFiveMSelfCorrection(ListDiff diff) {
        return !diff.changed().isEmpty() && diff.added().isEmpty() && diff.removed().isEmpty() && !diff.reordered()
                && diff.changed().stream().flatMap(d -> d.fields().stream())
                        .allMatch(f -> FIVEM_FIELDS.contains(f.key()));
    }

    private static boolean isReplacedByGameServer(ListDiff diff) {
        if (diff.removed().isEmpty() || diff.added().size() != 1 || !diff.changed().isEmpty()) {
            return false;
        }
        // Nothing survived: the new entry is the whole list.
        return diff.afterSize() == 1 && GAME_SERVER_NAME.matcher(diff.added().get(0).after().name()).matches();
    }
}
