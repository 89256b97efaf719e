package livemapbot.discord.deploy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Admits one Live Map deploy at a time and none within {@code cooldown} of the last successful
 * one, so two staff pressing /deploymap together cause one API write, and a deploy cannot be
 * repeated every few seconds (each one restarts the map for every player). One gate serves every
 * deploy: {@code /deploymap} and a {@code /setmap} that deploys with its change.
 *
 * <p>A failed deploy releases the gate without starting the cooldown: nothing was deployed, so a
 * retry must be allowed at once. Thread-safe; time comes from the clock so tests control it.
 */
public final class DeployGate {

    /** The answer of {@link #tryBegin}: a {@link Ticket} to deploy, or a {@link Refused} to show. */
    public sealed interface Attempt permits Ticket, Refused {
    }

    /** Permission to deploy now; hand it back with {@link #succeeded} or {@link #failed}. */
    public static final class Ticket implements Attempt {
        private final long memberId;
        private final String memberName;

        private Ticket(long memberId, String memberName) {
            this.memberId = memberId;
            this.memberName = memberName;
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

    /** Guarded by this. */
    private Ticket inProgress;
    /** Guarded by this; the last successful deploy. */
    private Deployed last;

    public DeployGate(Duration cooldown, Clock clock) {
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must not be negative");
        }
        this.cooldown = cooldown;
        this.clock = clock;
    }

    /** A ticket when nobody is deploying and the cooldown has passed; else why not. */
    public synchronized Attempt tryBegin(long memberId, String memberName) {
        Optional<Refused> refused = refusal();
        if (refused.isPresent()) {
            return refused.get();
        }
        inProgress = new Ticket(memberId, memberName);
        return inProgress;
    }

    /**
     * Why {@link #tryBegin} would refuse right now, without taking a ticket: for a preview that
     * says whether its change will be deployed. Empty when a deploy would be admitted.
     */
    public synchronized Optional<Refused> refusal() {
        if (inProgress != null) {
            return Optional.of(new Refused("A deploy is already in progress (started by " + inProgress.memberName
                    + "); try again when it has finished."));
        }
        if (last != null) {
            Instant next = last.at.plus(cooldown);
            if (clock.instant().isBefore(next)) {
                return Optional.of(new Refused("The Live Map was deployed by " + last.memberName + " "
                        + relative(last.at) + "; the next deploy is allowed " + relative(next) + "."));
            }
        }
        return Optional.empty();
    }

    /** The deploy went through: release the gate and start the cooldown. Ignores a stale ticket. */
    public synchronized void succeeded(Ticket ticket) {
        if (ticket == inProgress) {
            inProgress = null;
            last = new Deployed(ticket.memberName, clock.instant());
        }
    }

    /** Nothing was deployed: release the gate, no cooldown. Ignores a stale ticket (safe to call twice). */
    public synchronized void failed(Ticket ticket) {
        if (ticket == inProgress) {
            inProgress = null;
        }
    }

    /** Discord renders this in each reader's own time zone and language ("5 minutes ago"). */
    private static String relative(Instant at) {
        // Round up so "allowed in …" is never a second early.
        long epoch = at.getEpochSecond() + (at.getNano() > 0 ? 1 : 0);
        return "<t:" + epoch + ":R>";
    }
}
