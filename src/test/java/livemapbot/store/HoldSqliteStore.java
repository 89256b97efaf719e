package livemapbot.store;

import livemapbot.config.StoreSettings;

import java.nio.file.Path;

/**
 * A second "bot process" for {@link StoreOpenTest}: opens the SQLite store named by its argument,
 * prints READY, and holds it until its standard input closes (or it is killed).
 */
public final class HoldSqliteStore {
    private HoldSqliteStore() {
    }

    public static void main(String[] args) throws Exception {
        try (Store store = Store.open(StoreSettings.sqlite(Path.of(args[0])))) {
            System.out.println("READY " + store.schemaVersion());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Hold the store until the parent closes our input.
            }
        }
    }
}
