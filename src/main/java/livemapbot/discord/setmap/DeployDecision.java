package livemapbot.discord.setmap;

import livemapbot.discord.Access;
import livemapbot.discord.deploy.DeployGate;

/**
 * Whether one {@code /setmap} write also deploys the Live Map, and if not, why.
 *
 * <p>Deploying is a deploy-role action wherever it is asked for: a change that would deploy (the
 * {@code deploy} option, or a changed map/type/URL) deploys only for a member who also holds a
 * deploy role, and only through the same gate and cooldown as {@code /deploymap}. Otherwise the
 * change is written without a deploy and the member is told who can publish it, and when.
 * Decided once for the preview and again on Confirm (roles and the cooldown may have changed).
 *
 * @param reason what happens to the Live Map
 * @param detail for {@link Reason#NO_DEPLOY_ROLE} the access refusal, for {@link Reason#NOT_NOW}
 *               the gate's sentence (who deployed, when the next deploy is allowed); else ""
 */
public record DeployDecision(Reason reason, String detail) {

    public enum Reason {
        /** The write deploys the Live Map. */
        DEPLOY,
        /** None of the changed fields needs a deploy, and the option did not ask for one. */
        NOT_NEEDED,
        /** The member chose {@code deploy:false}. */
        DECLINED,
        /** A deploy is wanted, but the member holds no deploy role: written without one. */
        NO_DEPLOY_ROLE,
        /** A deploy is wanted and allowed, but one is running or the cooldown is: written without one. */
        NOT_NOW
    }

    public static final DeployDecision DEPLOYS = new DeployDecision(Reason.DEPLOY, "");
    public static final DeployDecision NOT_NEEDED = new DeployDecision(Reason.NOT_NEEDED, "");
    public static final DeployDecision DECLINED = new DeployDecision(Reason.DECLINED, "");

    public DeployDecision {
        detail = detail == null ? "" : detail;
    }

    /**
     * The decision for a change that {@code wanted} a deploy (or not, {@code declined} by the
     * option), for a member whose deploy access is {@code deployAccess}.
     */
    public static DeployDecision of(boolean wanted, boolean declined, Access.Decision deployAccess) {
        if (!wanted) {
            return declined ? DECLINED : NOT_NEEDED;
        }
        return deployAccess.allowed() ? DEPLOYS : new DeployDecision(Reason.NO_DEPLOY_ROLE, deployAccess.refusal());
    }

    public static DeployDecision notNow(String why) {
        return new DeployDecision(Reason.NOT_NOW, why);
    }

    /** Whether the write deploys the Live Map. */
    public boolean deploys() {
        return reason == Reason.DEPLOY;
    }

    /**
     * Whether a deploy may still be tried when the change is confirmed: it was wanted by a member
     * with a deploy role, and at most the gate stood in the way.
     */
    public boolean mayTry() {
        return reason == Reason.DEPLOY || reason == Reason.NOT_NOW;
    }

    /** This decision on Confirm: a member whose deploy role was taken away meanwhile does not deploy. */
    public DeployDecision recheck(Access.Decision deployAccess) {
        if (mayTry() && !deployAccess.allowed()) {
            return new DeployDecision(Reason.NO_DEPLOY_ROLE, deployAccess.refusal());
        }
        return this;
    }

    /** What a confirmed write may do with the deploy: deploy holding {@code ticket}, or write without it. */
    public record Gated(DeployDecision deploy, DeployGate.Ticket ticket) {
    }

    /**
     * The deploy gate, passed once at Confirm when this decision may deploy: a ticket means the write
     * deploys (the caller releases it with {@code succeeded}/{@code failed}); a refusal (the cooldown,
     * another deploy running) means the write goes ahead without deploying and says why.
     */
    public Gated through(DeployGate gate, long memberId, String memberName) {
        if (!mayTry()) {
            return new Gated(this, null);
        }
        DeployGate.Attempt attempt = gate.tryBegin(memberId, memberName);
        if (attempt instanceof DeployGate.Ticket admitted) {
            return new Gated(DEPLOYS, admitted);
        }
        return new Gated(notNow(((DeployGate.Refused) attempt).message()), null);
    }
}
