package livemapbot.discord;

import livemapbot.metrics.BotMetrics.CommandOutcome;

/**
 * The outcome of the interaction being dispatched on this thread (JDA's event thread), for the
 * metrics: the router opens it around a handler, {@link BotCommandAdapter} marks a refusal or a full
 * queue, and the router counts whatever it holds when the handler returns ({@link CommandOutcome#OK}
 * when nothing was marked).
 */
final class Dispatch {
    private static final ThreadLocal<CommandOutcome> CURRENT = new ThreadLocal<>();

    private Dispatch() {
    }

    static void begin() {
        CURRENT.set(CommandOutcome.OK);
    }

    /** Marks the interaction under way (nothing happens outside a dispatch, e.g. in a worker). */
    static void mark(CommandOutcome outcome) {
        if (CURRENT.get() != null) {
            CURRENT.set(outcome);
        }
    }

    /** The outcome marked since {@link #begin}; ends the dispatch. */
    static CommandOutcome end() {
        CommandOutcome outcome = CURRENT.get();
        CURRENT.remove();
        return outcome == null ? CommandOutcome.OK : outcome;
    }
}
