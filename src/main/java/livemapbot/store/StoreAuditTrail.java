package livemapbot.store;

import livemapbot.audit.AuditRecord;
import livemapbot.audit.AuditTrail;
import livemapbot.audit.RecordUnavailableException;
import livemapbot.cad.ServerList;
import livemapbot.history.KnownListStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The audit trail with the store: every change is a revision, recorded <em>before</em> its write
 * (outcome {@code outcome_unknown}, note "write under way") and settled after it in the same step
 * as the audit file's line.
 *
 * <p>Why before, rather than refusing when a ping fails: a ping and the write are two moments, and
 * the database can go down between them; a row that exists before the write closes that gap. If
 * the database goes down during the write, the row stays {@code outcome_unknown}, which is then the
 * truth as far as the bot knows, and the audit file still gets its line. The cost is one more small
 * transaction per change (see README › Performance).
 *
 * <p>After an applied write, the list the CAD now holds becomes the community's known list
 * ({@code ownWrite}, by default {@link #noteOwnWrite}), so the drift watch never reports the bot's
 * own change as an outside one.
 */
public final class StoreAuditTrail implements AuditTrail {
    private static final Logger LOG = LoggerFactory.getLogger(StoreAuditTrail.class);
    static final String UNDER_WAY = "write under way";

    private final AuditTrail file;
    private final Revisions revisions;
    private final String community;
    private final Clock clock;
    private final BiConsumer<String, ServerList> ownWrite;

    /**
     * @param file     the audit file (stays as it is, for log shippers)
     * @param ownWrite told (community, list after the write) after each applied write, e.g. the
     *                 drift watch's {@code noteOwnWrite}
     */
    public StoreAuditTrail(AuditTrail file, Store store, String community, Clock clock,
                           BiConsumer<String, ServerList> ownWrite) {
        this.file = Objects.requireNonNull(file, "file");
        this.revisions = store.revisions();
        this.community = Objects.requireNonNull(community, "community");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ownWrite = Objects.requireNonNull(ownWrite, "ownWrite");
    }

    /** With the store's known lists updated after each applied write ({@link #noteOwnWrite}). */
    public StoreAuditTrail(AuditTrail file, Store store, String community, Clock clock) {
        this(file, store, community, clock, (c, list) -> noteOwnWrite(store.knownLists(), c, list));
    }

    @Override
    public void record(AuditRecord record) throws IOException {
        file.record(record);
    }

    @Override
    public Attempt begin(PlannedChange change) throws RecordUnavailableException {
        long id;
        try {
            id = revisions.append(new NewRevision(clock.instant(), community, change.memberId(), change.memberName(),
                    RevisionSource.BOT, change.serverId() == null ? List.of() : List.of(change.serverId()),
                    KnownLists.toJson(change.before()), KnownLists.toJson(change.after()), change.deploy(),
                    RevisionOutcome.OUTCOME_UNKNOWN, UNDER_WAY, null));
        } catch (StoreException e) {
            LOG.error("a change by {} ({}) was NOT written: its revision could not be recorded first: {}",
                    change.memberName(), change.memberId(), e.getMessage());
            throw new RecordUnavailableException(e.getMessage(), e);
        }
        return (record, written) -> end(id, change, record, written);
    }

    private void end(long id, PlannedChange change, AuditRecord record, Written written) throws IOException {
        IOException fileFailure = null;
        try {
            file.record(record);
        } catch (IOException e) {
            fileFailure = e;
        }
        RevisionOutcome outcome = RevisionOutcome.fromAudit(record.outcome());
        settle(id, change, record, written, outcome);
        if (outcome == RevisionOutcome.APPLIED && written != null && written.list() != null) {
            try {
                ownWrite.accept(community, written.list());
            } catch (RuntimeException e) {
                LOG.warn("the list the bot wrote could not be stored as the known list: {}", e.toString());
            }
        }
        if (fileFailure != null) {
            throw fileFailure;
        }
    }

    private void settle(long id, PlannedChange change, AuditRecord record, Written written, RevisionOutcome outcome) {
        String before;
        String after;
        Integer beforeIndex = null;
        if (written != null && written.before() != null) {
            before = KnownLists.toJson(written.before());
            after = KnownLists.toJson(written.after());
            beforeIndex = written.beforeIndex();
        } else if (written != null && written.list() != null) {
            // A deploy: the whole list, unchanged by it.
            before = KnownLists.toJson(written.list());
            after = before;
        } else {
            before = KnownLists.toJson(change.before());
            // Not written (conflict, refused): nothing after; sent but unanswered: what was sent.
            after = outcome == RevisionOutcome.OUTCOME_UNKNOWN ? KnownLists.toJson(change.after()) : null;
        }
        String note = outcome == RevisionOutcome.APPLIED || outcome == RevisionOutcome.CONFLICT
                ? null : record.outcome();
        try {
            revisions.settle(community, id, outcome, before, after, beforeIndex, record.deploy(), note);
        } catch (StoreException e) {
            LOG.error("revision {} keeps outcome_unknown: how its write ended ({}) could not be recorded: {}", id,
                    record.outcome(), e.getMessage());
        }
    }

    /**
     * The drift watch's rule for a write of the bot's ({@code DriftWatch.noteOwnWrite}): the list
     * the CAD holds after it becomes the known list, whatever version is stored (three tries when
     * another process stores one in between).
     */
    public static void noteOwnWrite(KnownListStore known, String community, ServerList listAfterWrite) {
        for (int attempt = 0; attempt < 3; attempt++) {
            long version = known.load(community).map(KnownListStore.Known::version).orElse(KnownListStore.NONE);
            if (known.compareAndSet(community, version, listAfterWrite)) {
                return;
            }
        }
        LOG.warn("could not store the list the bot wrote as the known list: the store kept changing");
    }
}
