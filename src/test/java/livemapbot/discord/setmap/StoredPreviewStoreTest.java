package livemapbot.discord.setmap;

import com.fasterxml.jackson.databind.ObjectMapper;
import livemapbot.cad.MapChanges;
import livemapbot.cad.ServerEntry;
import livemapbot.cad.ServerField;
import livemapbot.store.Store;
import livemapbot.store.TestDatabase;
import livemapbot.store.TestDatabase.Kind;
import livemapbot.testing.MutableClock;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PreviewStore} kept in the store (issue 9): the same promises as in memory (taken once, put
 * back after an unacknowledged click, "already handled" vs "expired"), and a preview comes back
 * whole in a new process, the server as shown included byte for byte.
 */
class StoredPreviewStoreTest {
    private static final String DATABASES = "livemapbot.store.TestDatabase#kinds";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));

    private Preview preview() throws Exception {
        ServerEntry seen = ServerEntry.fromJson(new ObjectMapper().readTree("{\"id\":3,\"name\":\"Three\","
                + "\"zzz\":{\"kept\":[1,2]},\"listenerPort\":\"3000\",\"enableMap\":false}"));
        MapChanges changes = MapChanges.none().with(ServerField.ENABLE_MAP, true).with(ServerField.LISTENER_PORT, 3001)
                .with(ServerField.MAP_TYPE, "POSTAL");
        return new Preview(42L, "Ann", 3, seen, changes, DeployDecision.notNow("cooling down"),
                clock.instant().plus(Duration.ofMinutes(10)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aPreviewComesBackWholeInTheNextProcessAndIsTakenOnce(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            Preview shown = preview();
            String key;
            try (Store before = database.open()) {
                key = PreviewStore.stored(clock, before.previews(), "c1").put(shown);
            }
            try (Store after = database.open()) {
                PreviewStore<Preview> previews = PreviewStore.stored(clock, after.previews(), "c1");
                assertEquals(Optional.of(shown), previews.peek(key));
                assertEquals(shown.seenBefore().toJson(), previews.peek(key).orElseThrow().seenBefore().toJson());
                assertEquals(Optional.empty(), PreviewStore.stored(clock, after.previews(), "c2").peek(key),
                        "another community's preview is not this one's");

                assertEquals(Optional.of(shown), previews.take(key));
                assertEquals(Optional.empty(), previews.take(key), "taken once");
                assertTrue(previews.isTaken(key), "a second click is told it was handled");
                assertEquals(Optional.empty(), previews.peek(key));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void anUnacknowledgedClickPutsThePreviewBackAndExpiryStillEndsIt(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            PreviewStore<Preview> previews = PreviewStore.stored(clock, store.previews(), "c1");
            Preview shown = preview();
            String key = previews.put(shown);
            Preview taken = previews.take(key).orElseThrow();

            previews.putBack(key, taken);

            assertFalse(previews.isTaken(key));
            assertEquals(Optional.of(shown), previews.take(key), "the next click works");
            previews.putBack(key, taken);

            clock.advance(Duration.ofMinutes(10));
            assertEquals(Optional.empty(), previews.peek(key));
            assertFalse(previews.isTaken(key), "expired, not handled");
            assertEquals(Optional.empty(), previews.take(key));
        }
    }
}
