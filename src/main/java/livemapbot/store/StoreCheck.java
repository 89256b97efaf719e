package livemapbot.store;

import livemapbot.config.HostingSettings;
import livemapbot.config.StoreSettings;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;

/**
 * The store's part of {@code check}: which database (password masked), whether it can be reached
 * and used, and its schema version after migrating, or each problem with its fix (a directory
 * the bot may not write, a login PostgreSQL refuses, a schema newer than this bot, …). In multi
 * mode also whether {@code store.encryptionKey} is the key the stored API keys were encrypted
 * with, and how many guilds are set up; check records nothing.
 */
public final class StoreCheck {
    private StoreCheck() {
    }

    /** Prints the report to {@code out}; returns the problems (each already printed). */
    public static List<String> run(StoreSettings settings, PrintStream out) {
        return run(settings, HostingSettings.single(), out);
    }

    /** As {@link #run(StoreSettings, PrintStream)}, with the encryption key check in multi mode. */
    public static List<String> run(StoreSettings settings, HostingSettings hosting, PrintStream out) {
        out.println("Store: " + Store.describe(settings));
        try (Store store = Store.open(settings)) {
            out.println("Store: reachable, schema version " + store.schemaVersion() + " (up to date).");
            if (hosting.isMulti()) {
                KeyCipher cipher = KeyCipher.of(hosting.encryptionKey());
                GuildSetupStore.KeyState state = store.checkEncryptionKey(cipher);
                int guilds = new GuildSetupStore(store.db(), cipher, Clock.systemUTC()).count();
                out.println(state == GuildSetupStore.KeyState.MATCHES
                        ? "Store: store.encryptionKey matches the stored API keys; guilds set up: " + guilds + "."
                        : "Store: no API key stored yet (the first start records which store.encryptionKey is in"
                                + " use); guilds set up: " + guilds + ".");
            }
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
