package livemapbot.discord.deploy;

import livemapbot.cad.CadBudget;
import livemapbot.store.DeployGateStore;
import livemapbot.store.StoreException;
import livemapbot.store.UncheckedStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Admits one Live Map deploy at a time and none within {@code cooldown} of the last successful
 * one, so two staff pressing /deploymap together cause one API write, and a deploy cannot be
 * repeated every few seconds (each one restarts the map for every player). One gate serves every
 * deploy: {@code /deploymap} and a {@code /setmap} that deploys with its change.
 *
 * <p>A failed deploy releases the gate without starting the cooldown: nothing was deployed, so a
 * retry must be allowed at once. Thread-safe; time comes from the clock so tests control it.
 *
 * <p>With the store ({@link #DeployGate(Duration, Clock, DeployGateStore, String)}) the gate lives in
 * the database: the cooldown is a timestamp there and "a deploy is running" a lease of
 * {@link #LEASE}, so both survive a restart and hold across processes sharing a PostgreSQL
 * database (a process that dies mid-deploy blocks the gate until its lease ends). Then
 * {@link #tryBegin} and {@link #refusal} throw {@link UncheckedStoreException} when the database
 * cannot be reached (the caller answers "database unavailable" and deploys nothing); handing a
 * ticket back never throws (a failure is logged, and the lease ends by itself).
 */
public final class DeployGate {
    private static final Logger LOG = LoggerFactory.getLogger(DeployGate.class);

    /** How long a running deploy holds the stored gate: well past the longest deploy ({@link CadBudget#OPERATION}). */
    public static final Duration LEASE = CadBudget.OPERATION.multipliedBy(10);

    /** The answer of {@link #tryBegin}: a {@link Ticket} to deploy, or a {@link Refused} to show. */
    public sealed interface Attempt permits Ticket, Refused {
    }

    /** Permission to deploy now; hand it back with {@link #succeeded} or {@link #failed}. */
    public static final class Ticket implements Attempt {
        private final long memberId;
        private final String memberName;
        /** The stored gate's ticket; null without a store. */
        private final DeployGateStore.Ticket stored;

        private Ticket(long memberId, String memberName, DeployGateStore.Ticket stored) {
            this.memberId = memberId;
            this.memberName = memberName;
            this.stored = stored;
        }

        public long memberId() {
            return memberId;
        }

        public String memberName() {
            return memberName;
        }
    }

    /** Not now, and the sentence that says why and when. */
    public record Refused(String message) implements Attempt {
    }

    private record Deployed(String memberName, Instant at) {
    }

    private final Duration cooldown;
    private final Clock clock;
    private final DeployGateStore store;
    private final String community;

    /** Guarded by this (without a store only). */
    private Ticket inProgress;
    /** Guarded by this (without a store only); the last successful deploy. */
    private Deployed last;

    /** A gate in memory: one process, forgotten at restart (tests). */
    public DeployGate(Duration cooldown, Clock clock) {
        this(cooldown, clock, null, null);
    }

    /** A gate kept in the store for {@code community}. */
    public DeployGate(Duration cooldown, Clock clock, DeployGateStore store, String community) {
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must not be negative");
        }
        if (store != null) {
            Objects.requireNonNull(community, "community");
        }
        this.cooldown = cooldown;
        this.clock = clock;
        this.store = store;
        this.community = community;
    }

    /** A ticket when nobody is deploying and the cooldown has passed; else why not. */
    public synchronized Attempt tryBegin(long memberId, String memberName) {
        if (store != null) {
            DeployGateStore.Attempt attempt = stored(() -> store.tryBegin(community, memberId, memberName,
                    clock.instant(), cooldown, LEASE));
            if (attempt instanceof DeployGateStore.Ticket ticket) {
                return new Ticket(memberId, memberName, ticket);
            }
            return refused(attempt);
        }
        Optional<Refused> refused = refusal();
        if (refused.isPresent()) {
            return refused.get();
        }
        inProgress = new Ticket(memberId, memberName, null);
        return inProgress;
    }

    /**
     * Why {@link #tryBegin} would refuse right now, without taking a ticket: for a preview that
     * says whether its change will be deployed. Empty when a deploy would be admitted.
     */
    public synchronized Optional<Refused> refusal() {
        if (store != null) {
            return stored(() -> store.refusal(community, clock.instant(), cooldown)).map(DeployGate::refused);
        }
        if (inProgress != null) {
            return Optional.of(running(inProgress.memberName));
        }
        if (last != null) {
            Instant next = last.at.plus(cooldown);
            if (clock.instant().isBefore(next)) {
                return Optional.of(coolingDown(last.memberName, last.at, next));
            }
        }
        return Optional.empty();
    }

    /** The deploy went through: release the gate and start the cooldown. Ignores a stale ticket. */
    public synchronized void succeeded(Ticket ticket) {
        if (ticket.stored != null) {
            release(ticket, true);
            return;
        }
        if (ticket == inProgress) {
            inProgress = null;
            last = new Deployed(ticket.memberName, clock.instant());
        }
    }

    /** Nothing was deployed: release the gate, no cooldown. Ignores a stale ticket (safe to call twice). */
    public synchronized void failed(Ticket ticket) {
        if (ticket.stored != null) {
            release(ticket, false);
            return;
        }
        if (ticket == inProgress) {
            inProgress = null;
        }
    }

    private void release(Ticket ticket, boolean deployed) {
        try {
            if (deployed) {
                store.succeeded(ticket.stored, clock.instant());
            } else {
                store.failed(ticket.stored);
            }
        } catch (StoreException e) {
            LOG.error("the deploy gate could not be released in the database ({}); it frees itself at {}: {}",
                    deployed ? "deployed, the cooldown is not recorded" : "not deployed", ticket.stored.leaseUntil(),
                    e.getMessage());
        }
    }

    private static Refused refused(DeployGateStore.Attempt attempt) {
        if (attempt instanceof DeployGateStore.Running running) {
            return running(running.memberName());
        }
        DeployGateStore.CoolingDown cooling = (DeployGateStore.CoolingDown) attempt;
        return coolingDown(cooling.lastMemberName(), cooling.lastAt(), cooling.nextAllowed());
    }

    private static Refused running(String memberName) {
        return new Refused("A deploy is already in progress (started by " + memberName
                + "); try again when it has finished.");
    }

    private static Refused coolingDown(String lastMemberName, Instant lastAt, Instant next) {
        return new Refused("The Live Map was deployed by " + lastMemberName + " " + relative(lastAt)
                + "; the next deploy is allowed " + relative(next) + ".");
    }

    @FunctionalInterface
    private interface StoreCall<T> {
        T call() throws StoreException;
    }

    private static <T> T stored(StoreCall<T> call) {
        try {
            return call.call();
        } catch (StoreException e) {
            throw new UncheckedStoreException(e);
        }
    }

    /** Discord renders this in each reader's own time zone and language ("5 minutes ago"). */
    private static String relative(Instant at) {
        // Round up so "allowed in …" is never a second early.
        long epoch = at.getEpochSecond() + (at.getNano() > 0 ? 1 : 0);
        return "<t:" + epoch + ":R>";
    }
}
