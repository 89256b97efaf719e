package livemapbot.discord;

import livemapbot.cad.CadBudget;
import livemapbot.cad.CadPlan;
import livemapbot.metrics.BotMetrics;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The base of every command (in the spirit of TJ-Bot's {@code SlashCommandAdapter}): its name, the
 * one {@link Access.Action} it guards, and the two things each command would otherwise repeat, the
 * access check with its refusal and "run on a worker or say why not". Each command stays one small
 * final class; the router still sees only {@link BotCommand}.
 */
public abstract class BotCommandAdapter implements BotCommand {
    protected final BotContext ctx;
    private final String name;
    private final Access.Action action;

    protected BotCommandAdapter(BotContext ctx, String name, Access.Action action) {
        this.ctx = ctx;
        this.name = name;
        this.action = action;
    }

    @Override
    public final String name() {
        return name;
    }

    /**
     * Whether the member behind {@code event} may use this command; if not, they are sent the
     * ephemeral refusal naming the roles that would allow it. Called on every command and click,
     * because roles can change between the two.
     */
    protected final boolean admitted(IReplyCallback event) {
        Access.Decision decision = decide(action, event.getMember());
        if (!decision.allowed()) {
            event.replyEmbeds(List.of(Replies.refusal(decision.refusal()))).setEphemeral(true).queue();
            Dispatch.mark(BotMetrics.CommandOutcome.REFUSED);
        }
        return decision.allowed();
    }

    /**
     * Whether the community's plan, as last read, lets the bot read servers; if it is known not
     * to, the member is told so (ephemeral) and nothing is called. A plan not known never refuses.
     */
    protected final boolean planAllowsViewing(IReplyCallback event) {
        return planAllows(event, plan -> plan.canViewServers() ? null : plan.viewRefusal());
    }

    /**
     * Whether the community's plan, as last read, lets the bot change servers; if it is known not
     * to, the member is told at once why, which plan can and where to upgrade, and no write is
     * attempted. A plan not known (yet, or its lookup failed) never refuses: Sonoran decides then.
     */
    protected final boolean planAllowsChanges(IReplyCallback event) {
        return planAllows(event, plan -> plan.canChangeServers() ? null : plan.changeRefusal());
    }

    private boolean planAllows(IReplyCallback event, java.util.function.Function<CadPlan, String> refusal) {
        Optional<CadPlan> plan = ctx.directory().plans().known();
        String why = plan.map(refusal).orElse(null);
        if (why != null) {
            event.replyEmbeds(List.of(Replies.error("Not available on this plan", why))).setEphemeral(true).queue();
            Dispatch.mark(BotMetrics.CommandOutcome.REFUSED);
        }
        return why == null;
    }

    /** Whether {@code member} may use this command, without answering anything (autocomplete). */
    protected final boolean mayUse(Member member) {
        return decide(action, member).allowed();
    }

    /** The decision on {@code other} for {@code member}, for a command that also does another action. */
    protected final Access.Decision decide(Access.Action other, Member member) {
        return ctx.access().check(other, Members.roleIds(member));
    }

    /**
     * Runs {@code task} on {@link BotContext#workers()}. When the pool refuses it (full, or
     * shutting down) or drops it unrun at shutdown, {@code unavailable} is given the sentence that
     * says why instead, for the member who is waiting on a deferred answer. The task's Sonoran
     * budget counts from this hand-off ({@link CadBudget#runForCommand}), so a command that waited
     * for a free worker still answers within 15 s of the click.
     */
    protected final void onWorker(Runnable task, Consumer<String> unavailable) {
        onWorker(System.nanoTime(), task, unavailable);
    }

    /**
     * As {@link #onWorker(Runnable, Consumer)}, for work started after an acknowledgement's round
     * trip: the budget counts from {@code clickedNanos} ({@link System#nanoTime()} taken on the event
     * thread when the click arrived), so the round trip is part of the 15 s, not added to them.
     */
    protected final void onWorker(long clickedNanos, Runnable task, Consumer<String> unavailable) {
        Work.submit(ctx.workers(), clickedNanos, task, unavailable);
    }
}
