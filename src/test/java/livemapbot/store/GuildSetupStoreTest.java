package livemapbot.store;

import livemapbot.config.ApiVersion;
import livemapbot.config.Secret;
import livemapbot.hosting.GuildSetup;
import livemapbot.store.TestDatabase.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13's store side on SQLite and PostgreSQL: API keys encrypted at rest (the raw column never
 * holds a key in clear), a wrong {@code store.encryptionKey} refused at start, per-guild isolation,
 * {@code /livemap forget} (row gone; with history, only that guild's rows), retention, and
 * {@code rotate-key} in one transaction.
 */
class GuildSetupStoreTest {
    private static final String DATABASES = "livemapbot.store.TestDatabase#kinds";
    private static final String KEY_A = KeyCipher.generateKey();
    private static final String KEY_B = KeyCipher.generateKey();
    private static final Instant T0 = Instant.parse("2026-05-06T07:08:09Z");
    private static final String MISMATCH = "store.encryptionKey does not match the key the stored API keys were"
            + " encrypted with (see README: rotating the key)";

    @TempDir
    Path dir;

    private static KeyCipher cipher(String key) {
        return KeyCipher.of(Secret.of(key));
    }

    private static String apiKey(long guildId) {
        return "apikeyLEAKCANARY-" + guildId + "-5b2e81c0-dead-beef";
    }

    private static GuildSetup setup(long guildId) {
        return new GuildSetup(guildId, "community-" + guildId, Secret.of(apiKey(guildId)), ApiVersion.V2,
                Set.of(11L, 12L), Set.of(13L), Set.of(), OptionalLong.of(21L), OptionalLong.empty(), "plus",
                T0, null);
    }

    private static Connection raw(TestDatabase database) throws SQLException {
        return DriverManager.getConnection(database.settings().url(), database.settings().user(),
                database.settings().password().reveal());
    }

    private static Map<Long, String> rawKeys(TestDatabase database) throws SQLException {
        Map<Long, String> keys = new LinkedHashMap<>();
        try (Connection connection = raw(database);
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT guild_id, api_key_enc FROM guild_settings ORDER BY guild_id")) {
            while (rows.next()) {
                keys.put(rows.getLong(1), rows.getString(2));
            }
        }
        return keys;
    }

    private static String rawCanary(TestDatabase database) throws SQLException {
        try (Connection connection = raw(database);
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT value FROM store_meta WHERE name = 'encryption_key_check'")) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    private static long rawCount(TestDatabase database, String sql, Object parameter) throws SQLException {
        try (Connection connection = raw(database); PreparedStatement select = connection.prepareStatement(sql)) {
            if (parameter instanceof Long id) {
                select.setLong(1, id);
            } else {
                select.setString(1, (String) parameter);
            }
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static void rawUpdate(TestDatabase database, String sql, Object... parameters) throws SQLException {
        try (Connection connection = raw(database); PreparedStatement update = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            update.executeUpdate();
        }
    }

    private static StoreException assertMismatch(StoreException e) {
        assertEquals(StoreException.Kind.KEY_MISMATCH, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(MISMATCH), e.getMessage());
        for (String secret : List.of(KEY_A, KEY_B, apiKey(1), apiKey(2), apiKey(3))) {
            assertFalse(e.getMessage().contains(secret), e.getMessage());
        }
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aSavedSetupComesBackWithItsKey(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            GuildSetupStore setups = store.guildSetups(cipher(KEY_A));
            assertEquals(Optional.empty(), setups.find(1));
            GuildSetup saved = setup(1);

            setups.save(saved);

            assertEquals(Optional.of(saved), setups.find(1));
            assertEquals(List.of(saved), setups.all());
            assertEquals(1, setups.count());
            GuildSetup changed = new GuildSetup(1, "other", Secret.of("apikeyLEAKCANARY-new-one"), ApiVersion.V1,
                    Set.of(), Set.of(5L, 6L), Set.of(7L), OptionalLong.empty(), OptionalLong.of(9L), null,
                    T0.plusSeconds(5), null);
            setups.save(changed);
            assertEquals(Optional.of(changed), setups.find(1), "save replaces the guild's settings");
            assertEquals(1, setups.count());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void theEncryptedColumnNeverHoldsTheKeyInClear(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            GuildSetupStore setups = store.guildSetups(cipher(KEY_A));
            setups.save(setup(1));
            setups.save(setup(2));

            try (Connection connection = raw(database);
                 ResultSet rows = connection.createStatement().executeQuery("SELECT * FROM guild_settings")) {
                int columns = rows.getMetaData().getColumnCount();
                int seen = 0;
                while (rows.next()) {
                    seen++;
                    String encrypted = rows.getString("api_key_enc");
                    assertTrue(encrypted.startsWith("v1:"), encrypted);
                    for (int c = 1; c <= columns; c++) {
                        String value = String.valueOf(rows.getObject(c));
                        assertFalse(value.contains("LEAKCANARY"), rows.getMetaData().getColumnName(c) + ": " + value);
                        assertFalse(value.contains(KEY_A), rows.getMetaData().getColumnName(c));
                    }
                }
                assertEquals(2, seen);
            }
            Map<Long, String> keys = rawKeys(database);
            assertNotEquals(keys.get(1L).substring(3, 20), keys.get(2L).substring(3, 20), "fresh nonce per value");
        }
        if (kind == Kind.SQLITE) {
            // Nor anywhere in the database's files (main file, write-ahead log).
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    assertFalse(bytes.contains("LEAKCANARY"), file.toString());
                    assertFalse(bytes.contains(KEY_A), file.toString());
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aWrongKeyIsRefusedAtStartEvenBeforeAnyGuildIsSetUp(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            try (Store store = database.open()) {
                store.guildSetups(cipher(KEY_A));
            }
            assertTrue(rawCanary(database).startsWith("v1:"), "the first start records its key");
            try (Store store = database.open()) {
                assertMismatch(assertThrows(StoreException.class, () -> store.guildSetups(cipher(KEY_B))));
                assertMismatch(assertThrows(StoreException.class, () -> store.checkEncryptionKey(cipher(KEY_B))));
                assertEquals(GuildSetupStore.KeyState.MATCHES, store.checkEncryptionKey(cipher(KEY_A)));
                assertEquals(0, store.guildSetups(cipher(KEY_A)).count());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aWrongKeyIsRefusedWhenKeysAreStoredEvenWithoutTheCanary(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            try (Store store = database.open()) {
                store.guildSetups(cipher(KEY_A)).save(setup(1));
            }
            rawUpdate(database, "DELETE FROM store_meta WHERE name = 'encryption_key_check'");
            try (Store store = database.open()) {
                assertMismatch(assertThrows(StoreException.class, () -> store.guildSetups(cipher(KEY_B))));
                assertNull(rawCanary(database), "a refused key records nothing");
                assertEquals(apiKey(1), store.guildSetups(cipher(KEY_A)).find(1).orElseThrow().apiKey().reveal());
                assertTrue(rawCanary(database).startsWith("v1:"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void checkRecordsNothing(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            assertEquals(GuildSetupStore.KeyState.NOTHING_STORED, store.checkEncryptionKey(cipher(KEY_A)));
            assertNull(rawCanary(database));
            assertEquals(GuildSetupStore.KeyState.NOTHING_STORED, store.checkEncryptionKey(cipher(KEY_B)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aKeyCopiedToAnotherGuildsRowDoesNotDecrypt(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            GuildSetupStore setups = store.guildSetups(cipher(KEY_A));
            setups.save(setup(1));
            setups.save(setup(2));
            rawUpdate(database, "UPDATE guild_settings SET api_key_enc = ? WHERE guild_id = 2", rawKeys(database).get(1L));

            StoreException e = assertThrows(StoreException.class, () -> setups.find(2));

            assertMismatch(e);
            assertTrue(e.getMessage().contains("guild 2"), e.getMessage());
            assertEquals(apiKey(1), setups.find(1).orElseThrow().apiKey().reveal());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void forgetRemovesTheSettingsRowWithItsKey(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            GuildSetupStore setups = store.guildSetups(cipher(KEY_A));
            setups.save(setup(1));
            setups.save(setup(2));
            store.revisions().append(revision(GuildSetup.storeCommunity(1)));

            assertTrue(setups.forget(1, false));

            assertEquals(0, rawCount(database, "SELECT count(*) FROM guild_settings WHERE guild_id = ?", 1L));
            assertEquals(1, rawCount(database, "SELECT count(*) FROM guild_settings WHERE guild_id = ?", 2L));
            assertEquals(Optional.empty(), setups.find(1));
            assertEquals(1, rawCount(database, "SELECT count(*) FROM revisions WHERE community = ?", "guild:1"),
                    "without history the revisions stay");
            assertFalse(setups.forget(1, false), "nothing left to forget");
        }
    }

    private static NewRevision revision(String community) {
        return new NewRevision(T0, community, 5L, "Ann", RevisionSource.BOT, List.of(3), "{\"id\":3}",
                "{\"id\":3,\"name\":\"x\"}", false, RevisionOutcome.APPLIED, null, null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void forgetWithHistoryRemovesEveryRowOfThatGuildAndNoneOfAnother(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            GuildSetupStore setups = store.guildSetups(cipher(KEY_A));
            for (long guild : List.of(1L, 2L)) {
                String community = GuildSetup.storeCommunity(guild);
                setups.save(setup(guild));
                long first = store.revisions().append(revision(community));
                store.revisions().append(new NewRevision(T0.plusSeconds(1), community, 5L, "Ann",
                        RevisionSource.ROLLBACK, List.of(3), null, null, false, RevisionOutcome.APPLIED, null, first));
                store.previews().put(new OpenPreviews.StoredPreview(community, "p1", 5L, T0, T0.plusSeconds(600), "{}"));
                store.knownLists().put(community, "[]", T0);
                store.deployGate().tryBegin(community, 5L, "Ann", T0, Duration.ZERO, Duration.ofMinutes(2));
            }
            List<String> tables = List.of("revisions", "revision_servers", "open_previews", "known_lists",
                    "deploy_gates");

            assertTrue(setups.forget(1, true));

            for (String table : tables) {
                assertEquals(0, rawCount(database, "SELECT count(*) FROM " + table + " WHERE community = ?", "guild:1"),
                        table);
                assertTrue(rawCount(database, "SELECT count(*) FROM " + table + " WHERE community = ?", "guild:2") > 0,
                        table + ": another guild's rows stay");
            }
            assertEquals(0, rawCount(database, "SELECT count(*) FROM guild_settings WHERE guild_id = ?", 1L));
            assertEquals(apiKey(2), setups.find(2).orElseThrow().apiKey().reveal());
            assertEquals(2, store.revisions().count("guild:2", java.util.OptionalInt.empty()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void forgetWithHistoryWorksForAGuildWhoseSettingsAreAlreadyGone(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            GuildSetupStore setups = store.guildSetups(cipher(KEY_A));
            store.revisions().append(revision("guild:1"));

            assertTrue(setups.forget(1, true));

            assertEquals(0, rawCount(database, "SELECT count(*) FROM revisions WHERE community = ?", "guild:1"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void guildsThatLeftBeforeTheCutoffLoseTheirSettingsAndKeys(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            GuildSetupStore setups = store.guildSetups(cipher(KEY_A));
            for (long guild = 1; guild <= 4; guild++) {
                setups.save(setup(guild));
            }
            store.revisions().append(revision("guild:2"));
            setups.markLeft(2, T0.minus(Duration.ofDays(40)));
            setups.markLeft(2, T0.minus(Duration.ofDays(1)));   // an earlier leave is kept
            setups.markLeft(3, T0.minus(Duration.ofDays(10)));
            setups.markLeft(4, T0.minus(Duration.ofDays(50)));
            setups.markPresent(4);                              // re-invited: kept
            assertEquals(T0.minus(Duration.ofDays(40)), setups.find(2).orElseThrow().leftAt());
            assertNull(setups.find(4).orElseThrow().leftAt());

            List<Long> purged = setups.purgeLeftBefore(T0.minus(Duration.ofDays(30)));

            assertEquals(List.of(2L), purged);
            assertEquals(0, rawCount(database, "SELECT count(*) FROM guild_settings WHERE guild_id = ?", 2L));
            assertEquals(List.of(1L, 3L, 4L), setups.all().stream().map(GuildSetup::guildId).toList());
            assertEquals(1, rawCount(database, "SELECT count(*) FROM revisions WHERE community = ?", "guild:2"),
                    "history holds no key and stays until /livemap forget");
            assertEquals(List.of(), setups.purgeLeftBefore(T0.minus(Duration.ofDays(30))));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void rotatingReEncryptsEveryKeySoOnlyTheNewKeyWorks(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            try (Store store = database.open()) {
                GuildSetupStore setups = store.guildSetups(cipher(KEY_A));
                setups.save(setup(1));
                setups.save(setup(2));
            }
            Map<Long, String> before = rawKeys(database);
            String canaryBefore = rawCanary(database);

            try (Store store = database.open()) {
                assertEquals(2, store.rotateEncryptionKey(cipher(KEY_A), cipher(KEY_B)));
            }

            Map<Long, String> after = rawKeys(database);
            assertEquals(before.keySet(), after.keySet());
            for (long guild : before.keySet()) {
                assertNotEquals(before.get(guild), after.get(guild));
                assertFalse(after.get(guild).contains("LEAKCANARY"));
            }
            assertNotEquals(canaryBefore, rawCanary(database));
            try (Store store = database.open()) {
                assertMismatch(assertThrows(StoreException.class, () -> store.guildSetups(cipher(KEY_A))));
                GuildSetupStore setups = store.guildSetups(cipher(KEY_B));
                assertEquals(List.of(setup(1), setup(2)), setups.all());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aRotationThatFailsMidWayChangesNothing(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir)) {
            try (Store store = database.open()) {
                GuildSetupStore setups = store.guildSetups(cipher(KEY_A));
                for (long guild = 1; guild <= 3; guild++) {
                    setups.save(setup(guild));
                }
            }
            // Guild 3's row holds guild 1's ciphertext: guilds 1 and 2 are re-encrypted before it fails.
            rawUpdate(database, "UPDATE guild_settings SET api_key_enc = ? WHERE guild_id = 3", rawKeys(database).get(1L));
            Map<Long, String> before = rawKeys(database);
            String canaryBefore = rawCanary(database);

            try (Store store = database.open()) {
                StoreException e = assertThrows(StoreException.class,
                        () -> store.rotateEncryptionKey(cipher(KEY_A), cipher(KEY_B)));
                assertMismatch(e);
                assertTrue(e.getMessage().contains("guild 3"), e.getMessage());
            }

            assertEquals(before, rawKeys(database));
            assertEquals(canaryBefore, rawCanary(database));
            try (Store store = database.open()) {
                GuildSetupStore setups = store.guildSetups(cipher(KEY_A));
                assertEquals(apiKey(2), setups.find(2).orElseThrow().apiKey().reveal());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void rotatingWithAWrongCurrentKeyChangesNothing(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            store.guildSetups(cipher(KEY_A)).save(setup(1));
            Map<Long, String> before = rawKeys(database);
            String canaryBefore = rawCanary(database);
            String keyC = KeyCipher.generateKey();

            assertMismatch(assertThrows(StoreException.class,
                    () -> store.rotateEncryptionKey(cipher(KEY_B), cipher(keyC))));

            assertEquals(before, rawKeys(database));
            assertEquals(canaryBefore, rawCanary(database));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(DATABASES)
    void aProcessStillOnTheOldKeyCannotSaveAfterARotation(Kind kind) throws Exception {
        try (TestDatabase database = TestDatabase.create(kind, dir); Store store = database.open()) {
            GuildSetupStore stale = store.guildSetups(cipher(KEY_A));
            stale.save(setup(1));
            store.rotateEncryptionKey(cipher(KEY_A), cipher(KEY_B));

            assertMismatch(assertThrows(StoreException.class, () -> stale.save(setup(2))));

            assertEquals(List.of(1L), new ArrayList<>(rawKeys(database).keySet()));
            assertEquals(apiKey(1), store.guildSetups(cipher(KEY_B)).find(1).orElseThrow().apiKey().reveal());
        }
    }

    @Test
    void aGuildsRowsAreKeyedByTheGuildNotTheSonoranCommunity() {
        assertEquals("guild:42", GuildSetup.storeCommunity(42));
        assertEquals("guild:42", setup(42).storeCommunity());
    }

    @Test
    void aSetupNeverPrintsItsKey() {
        String text = setup(1).toString();

        assertFalse(text.contains("LEAKCANARY"), text);
        assertTrue(text.contains("apiKey=****"), text);
    }
}
