package livemapbot.discord.setmap;

import net.dv8tion.jda.api.components.MessageTopLevelComponent;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.mockito.invocation.InvocationOnMock;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import static org.mockito.Mockito.RETURNS_DEFAULTS;
import static org.mockito.Mockito.mock;

/**
 * One thing a handler sent to Discord (a reply, a deferral, an edit), recorded from the JDA action
 * it built. {@code components} is null when left unchanged and empty when the buttons were removed.
 */
final class Sent {
    /** When set, every acknowledgement queued with callbacks fails, as after a click that came too late. */
    static volatile boolean rejectAcks;

    final String kind;
    final List<MessageEmbed> embeds;
    // Volatile: a worker thread fills these in while the test thread waits for `queued`, which is
    // set last (by queue()), so a test that sees it queued also sees its components.
    volatile List<MessageTopLevelComponent> components;
    volatile Boolean ephemeral;
    volatile boolean queued;

    Sent(String kind, Collection<? extends MessageEmbed> embeds) {
        this.kind = kind;
        this.embeds = List.copyOf(embeds);
    }

    /** A mock of a JDA action chain that records what is set on it into {@code sent}. */
    static <T> T action(Class<T> type, Sent sent) {
        return mock(type, (InvocationOnMock inv) -> {
            String method = inv.getMethod().getName();
            Object[] args = inv.getArguments();
            if (method.equals("setComponents") && args.length == 1 && args[0] instanceof Collection<?> c) {
                List<MessageTopLevelComponent> components = new ArrayList<>();
                for (Object o : c) {
                    components.add((MessageTopLevelComponent) o);
                }
                sent.components = components;
            } else if (method.equals("setEphemeral") && args.length == 1) {
                sent.ephemeral = (Boolean) args[0];
            } else if (method.equals("queue")) {
                sent.queued = true;
                // queue(success, failure): Discord took it, or (rejectAcks) refused it.
                if (rejectAcks && args.length >= 2 && args[1] instanceof java.util.function.Consumer<?> failure) {
                    @SuppressWarnings("unchecked")
                    java.util.function.Consumer<Throwable> refused = (java.util.function.Consumer<Throwable>) failure;
                    refused.accept(new IllegalStateException("10062: Unknown interaction"));
                } else if (args.length >= 1 && args[0] instanceof java.util.function.Consumer<?> success) {
                    success.accept(null);
                }
            }
            if (inv.getMethod().getReturnType().isInstance(inv.getMock())) {
                return inv.getMock();
            }
            return RETURNS_DEFAULTS.answer(inv);
        });
    }

    String text() {
        return embeds.stream().map(SetMapMessagesTest::text).collect(Collectors.joining("\n"));
    }

    List<Button> buttons() {
        if (components == null) {
            return List.of();
        }
        return components.stream().map(c -> (ActionRow) c).flatMap(r -> r.getButtons().stream()).toList();
    }

    @Override
    public String toString() {
        return kind + (ephemeral == Boolean.TRUE ? " (ephemeral)" : "") + ": " + text()
                + (components == null ? "" : " components=" + components.size());
    }
}
