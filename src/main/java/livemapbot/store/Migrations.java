package livemapbot.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The schema: Flyway migrations under {@code db/migration} (versioned SQL, one set for both
 * databases, see {@link Dialect}), applied at start-up and by {@code check}. A database whose
 * schema is newer than this bot knows (a newer version ran on it) is refused, never touched.
 */
final class Migrations {
    static final String LOCATION = "classpath:db/migration";

    private Migrations() {
    }

    /**
     * Brings the schema up to date and returns its version.
     *
     * @param extraLocations more migration locations (tests: a "future" version)
     */
    static int migrate(DataSource dataSource, Dialect dialect, String description, String... extraLocations)
            throws StoreException {
        return migrate(dataSource, dialect, description, null, extraLocations);
    }

    /** As {@link #migrate}, stopping at {@code target} (tests: a database at an older version). */
    static int migrate(DataSource dataSource, Dialect dialect, String description, String target,
            String... extraLocations) throws StoreException {
        Flyway flyway = configure(dataSource, dialect, target, extraLocations).load();
        try {
            MigrationInfoService info = flyway.info();
            refuseNewer(info, description);
            MigrateResult result = flyway.migrate();
            String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
            return version == null ? 0 : Integer.parseInt(version);
        } catch (FlywayException e) {
            throw Failures.fromMigration(e, description);
        }
    }

    private static FluentConfiguration configure(DataSource dataSource, Dialect dialect, String target,
            String... extraLocations) {
        List<String> locations = new ArrayList<>(List.of(LOCATION));
        locations.addAll(List.of(extraLocations));
        FluentConfiguration configuration = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .placeholders(dialect.placeholders())
                .failOnMissingLocations(true)
                .cleanDisabled(true)
                .loggers("slf4j");
        if (target != null) {
            configuration.target(MigrationVersion.fromVersion(target));
        }
        return configuration;
    }

    private static void refuseNewer(MigrationInfoService info, String description) throws StoreException {
        List<MigrationInfo> future = Arrays.stream(info.applied()).filter(Migrations::isFuture).toList();
        if (future.isEmpty()) {
            return;
        }
        int known = Arrays.stream(info.all()).filter(i -> !isFuture(i) && i.getVersion() != null)
                .mapToInt(i -> Integer.parseInt(i.getVersion().getVersion())).max().orElse(0);
        String newest = future.get(future.size() - 1).getVersion().getVersion();
        throw new StoreException(StoreException.Kind.SCHEMA_TOO_NEW,
                "The store " + description + " has schema version " + newest + ", newer than this version of the"
                        + " bot knows (" + known + "): a newer livemap-bot has upgraded it. Run that newer version,"
                        + " or restore a backup taken before the upgrade; this bot does not change the database.");
    }

    private static boolean isFuture(MigrationInfo info) {
        return info.getState().name().startsWith("FUTURE");
    }

}
