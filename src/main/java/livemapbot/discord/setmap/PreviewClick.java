package livemapbot.discord.setmap;

import livemapbot.discord.Access;
import livemapbot.discord.ComponentId;
import livemapbot.discord.Members;
import livemapbot.discord.Replies;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Confirm / Cancel on a stored preview, the one path behind {@code /setmap} (and its Edit forms) and
 * {@code /maprollback}: expired or unknown previews, only the invoker, roles checked again, one click
 * wins ({@link PreviewStore#take}), a click Discord did not acknowledge puts the preview back, and the
 * write starts only once Discord took the acknowledgement.
 */
public final class PreviewClick<P extends PreviewStore.Pending> {
    private static final Logger LOG = LoggerFactory.getLogger(PreviewClick.class);
    public static final String CONFIRM = "confirm";
    public static final String CANCEL = "cancel";

    /** What a confirmed preview starts once Discord took the acknowledgement (on the event thread: hand off). */
    @FunctionalInterface
    public interface Confirmed<P> {
        void start(long clickedNanos, P preview, DeployDecision deploy, String memberName, InteractionHook hook);
    }

    private final PreviewStore<P> previews;
    private final Clock clock;
    private final String command;
    private final String alreadyHandled;
    private final Function<P, DeployDecision> plannedDeploy;

    /**
     * @param command        the command's name, for the log
     * @param alreadyHandled what a second click is told
     * @param plannedDeploy  the deploy decision the preview showed
     */
    public PreviewClick(PreviewStore<P> previews, Clock clock, String command, String alreadyHandled,
                        Function<P, DeployDecision> plannedDeploy) {
        this.previews = previews;
        this.clock = clock;
        this.command = command;
        this.alreadyHandled = alreadyHandled;
        this.plannedDeploy = plannedDeploy;
    }

    /**
     * Handles a Confirm or Cancel click. {@code admitted} is the command's access check (it answers a
     * refusal itself); {@code deployAccess} decides the deploy role again for the clicking member.
     */
    public void handle(ButtonInteractionEvent event, ComponentId id, long clickedNanos,
                       Predicate<IReplyCallback> admitted, Function<Member, Access.Decision> deployAccess,
                       Confirmed<P> confirmed) {
        if (id.isExpired(clock.instant())) {
            expire(event);
            return;
        }
        Optional<P> shown = previews.peek(id.arg());
        if (shown.isEmpty()) {
            if (previews.isTaken(id.arg())) {
                alreadyHandled(event);
            } else {
                // Expired (or shown by a bot that kept previews in memory): it cannot be trusted any more.
                expire(event);
            }
            return;
        }
        String verb = CONFIRM.equals(id.action()) ? "confirm" : "cancel";
        if (event.getUser().getIdLong() != shown.get().invokerId()) {
            event.replyEmbeds(List.of(Replies.refusal(SetMapMessages.onlyInvoker(shown.get().invokerId(), verb))))
                    .setEphemeral(true).queue();
            return;
        }
        if (!admitted.test(event)) {
            // The preview stays: nothing is written, and a member whose role comes back may still confirm.
            return;
        }
        Member member = event.getMember();
        Optional<P> taken = previews.take(id.arg());
        if (taken.isEmpty()) {
            alreadyHandled(event);
            return;
        }
        P preview = taken.get();
        // A click Discord did not take (too late: the member sees "interaction failed") changed
        // nothing, so the preview goes back and the next click is not told "already handled".
        Runnable putBack = () -> previews.putBack(id.arg(), preview);
        if (CANCEL.equals(id.action())) {
            event.editMessageEmbeds(List.of(SetMapMessages.cancelled())).setComponents(List.of()).queue(null,
                    failure -> putBack.run());
            return;
        }
        String memberName = Members.displayName(member, event.getUser());
        // Roles are checked again: a member whose deploy role was taken away since the preview does not deploy.
        DeployDecision deploy = plannedDeploy.apply(preview).recheck(deployAccess.apply(member));
        InteractionHook hook = event.getHook();
        // The write starts only once Discord has taken the acknowledgement: if the click arrived too
        // late (the member already sees "interaction failed"), nothing may change behind their back.
        event.deferEdit().queue(
                acknowledged -> confirmed.start(clickedNanos, preview, deploy, memberName, hook),
                failure -> {
                    putBack.run();
                    LOG.warn("Confirm of /{} was not acknowledged ({}); nothing written", command, failure.toString());
                });
    }

    /** The buttons of a preview that can no longer be trusted go away. */
    public static void expire(ButtonInteractionEvent event) {
        event.editMessageEmbeds(List.of(SetMapMessages.expired())).setComponents(List.of()).queue();
    }

    /** Another click got there first (a double click); that one answers in the message. */
    private void alreadyHandled(ButtonInteractionEvent event) {
        event.replyEmbeds(List.of(Replies.error("Already handled", alreadyHandled))).setEphemeral(true).queue();
    }
}
