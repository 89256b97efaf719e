package livemapbot.discord;

import livemapbot.cad.Abandonable;
import livemapbot.testing.RecordingExecutor;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The one place for the access check with its refusal, and for "run on a worker or say why not". */
class BotCommandAdapterTest {
    private static final long EDIT_ROLE = 22;

    /** The smallest command: guards EDIT and does nothing else. */
    private static final class Probe extends BotCommandAdapter {
        Probe(BotContext ctx) {
            super(ctx, "probe", Access.Action.EDIT);
        }

        @Override
        public SlashCommandData definition() {
            return Commands.slash("probe", "test");
        }

        @Override
        public void onSlash(SlashCommandInteractionEvent event) {
        }
    }

    private static Probe probe(java.util.concurrent.ExecutorService workers) {
        Access access = new Access(Set.of(), Set.of(EDIT_ROLE), Set.of());
        return new Probe(new BotContext(null, null, access, null, workers, Clock.systemUTC()));
    }

    private static SlashCommandInteractionEvent event(long role, ReplyCallbackAction reply) {
        SlashCommandInteractionEvent event = mock(SlashCommandInteractionEvent.class);
        Member member = mock(Member.class);
        Role r = mock(Role.class);
        when(r.getIdLong()).thenReturn(role);
        when(member.getRoles()).thenReturn(List.of(r));
        when(event.getMember()).thenReturn(member);
        when(event.replyEmbeds(anyCollection())).thenReturn(reply);
        return event;
    }

    @Test
    void aMemberWithoutTheRoleIsSentTheRefusalNamingTheRoles() {
        ReplyCallbackAction reply = mock(ReplyCallbackAction.class, RETURNS_SELF);
        SlashCommandInteractionEvent refused = event(99, reply);

        assertFalse(probe(new RecordingExecutor()).admitted(refused));

        @SuppressWarnings("unchecked")
        ArgumentCaptor<Collection<MessageEmbed>> embeds = ArgumentCaptor.forClass(Collection.class);
        verify(refused).replyEmbeds(embeds.capture());
        MessageEmbed embed = embeds.getValue().iterator().next();
        assertEquals("Not allowed", embed.getTitle());
        assertTrue(embed.getDescription().contains("<@&" + EDIT_ROLE + ">"), embed.getDescription());
        verify(reply).setEphemeral(true);
    }

    @Test
    void aMemberWithTheRoleIsAdmittedAndNothingIsSent() {
        SlashCommandInteractionEvent allowed = event(EDIT_ROLE, mock(ReplyCallbackAction.class, RETURNS_SELF));
        Probe probe = probe(new RecordingExecutor());
        assertTrue(probe.admitted(allowed));
        assertTrue(probe.mayUse(allowed.getMember()));
        verify(allowed, never()).replyEmbeds(anyCollection());
    }

    /** The Sonoran budget of a command counts from its hand-off, not from when a worker became free. */
    @Test
    void aQueuedCommandsBudgetCountsFromTheHandOff() {
        RecordingExecutor workers = new RecordingExecutor();
        long[] deadlineSeen = new long[1];
        long before = System.nanoTime();
        probe(workers).onWorker(() -> {
            java.time.Duration left = livemapbot.cad.CadBudget.leftForCommand();
            deadlineSeen[0] = left == null ? 0 : System.nanoTime() + left.toNanos();
        }, told -> { });
        long after = System.nanoTime();

        workers.runAll(); // the worker starts later: the deadline must not move with it
        long budget = livemapbot.cad.CadBudget.OPERATION.toNanos();
        assertTrue(deadlineSeen[0] >= before + budget && deadlineSeen[0] <= after + budget + 1_000_000,
                "deadline " + (deadlineSeen[0] - before) + " ns after the hand-off");
    }

    /** Confirm and /deploymap start after the acknowledgement's round trip: their budget counts from the click. */
    @Test
    void workStartedAfterAnAcknowledgementKeepsTheClickAsItsStart() {
        RecordingExecutor workers = new RecordingExecutor();
        long[] deadlineSeen = new long[1];
        long clicked = System.nanoTime() - java.time.Duration.ofSeconds(2).toNanos();
        probe(workers).onWorker(clicked, () -> {
            java.time.Duration left = livemapbot.cad.CadBudget.leftForCommand();
            deadlineSeen[0] = left == null ? 0 : System.nanoTime() + left.toNanos();
        }, told -> { });
        workers.runAll();
        long budget = livemapbot.cad.CadBudget.OPERATION.toNanos();
        assertTrue(Math.abs(deadlineSeen[0] - (clicked + budget)) < 50_000_000L,
                "deadline " + (deadlineSeen[0] - clicked) + " ns after the click");
    }

    @Test
    void workDroppedAtShutdownSaysTheBotIsRestarting() {
        RecordingExecutor workers = new RecordingExecutor();
        List<String> told = new ArrayList<>();
        List<String> ran = new ArrayList<>();
        probe(workers).onWorker(() -> ran.add("task"), told::add);
        for (Runnable dropped : workers.shutdownNow()) {
            ((Abandonable) dropped).abandon();
        }
        assertEquals(List.of(Replies.RESTARTING), told);
        assertEquals(List.of(), ran);

        probe(workers).onWorker(() -> ran.add("task"), told::add);
        assertEquals(List.of(Replies.RESTARTING, Replies.RESTARTING), told, "refused after shutdown: restarting");
    }

    @Test
    void workRefusedByAFullPoolSaysTheBotIsBusy() throws Exception {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
        CountDownLatch release = new CountDownLatch(1);
        try {
            Probe probe = probe(pool);
            List<String> told = new ArrayList<>();
            Runnable blocker = () -> {
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            probe.onWorker(blocker, told::add);
            probe.onWorker(() -> { }, told::add);
            probe.onWorker(() -> { }, told::add);
            assertEquals(List.of("The bot is busy with other commands; try again in a few seconds."), told);
        } finally {
            release.countDown();
            pool.shutdown();
        }
    }
}
