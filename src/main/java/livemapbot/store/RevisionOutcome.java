package livemapbot.store;

import java.util.Locale;

/**
 * How a change ended: {@code APPLIED}; {@code CONFLICT} (the CAD changed since the preview, nothing
 * written); {@code FAILED} (refused or not sent); {@code OUTCOME_UNKNOWN} (sent, never answered: it
 * may have been applied).
 */
public enum RevisionOutcome {
    APPLIED, CONFLICT, FAILED, OUTCOME_UNKNOWN;

    /** The value stored in the database. */
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The outcome an audit record's outcome stands for ({@code success}, {@code conflict},
     * {@code outcome_unknown}; anything else, e.g. {@code unavailable} or {@code internal_error}, failed).
     */
    public static RevisionOutcome fromAudit(String auditOutcome) {
        return switch (auditOutcome) {
            case "success" -> APPLIED;
            case "conflict" -> CONFLICT;
            case "outcome_unknown" -> OUTCOME_UNKNOWN;
            default -> FAILED;
        };
    }

    static RevisionOutcome fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
