package livemapbot.store;

import livemapbot.config.StoreSettings;

import java.io.PrintStream;
import java.util.List;

/**
 * The store's part of {@code check}: which database (password masked), whether it can be reached
 * and used, and its schema version after migrating, or each problem with its fix (a directory
 * the bot may not write, a login PostgreSQL refuses, a schema newer than this bot, …).
 */
public final class StoreCheck {
    private StoreCheck() {
    }

    /** Prints the report to {@code out}; returns the problems (each already printed). */
    public static List<String> run(StoreSettings settings, PrintStream out) {
        out.println("Store: " + Store.describe(settings));
        try (Store store = Store.open(settings)) {
            out.println("Store: reachable, schema version " + store.schemaVersion() + " (up to date).");
            return List.of();
        } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.IN_USE) {
                // A running bot owns the SQLite file: that is the normal state, not a problem.
                out.println("Store: in use by a running livemap-bot process; check leaves it to that process.");
                return List.of();
            }
            out.println("PROBLEM: " + e.getMessage());
            return List.of(e.getMessage());
        }
    }
}
