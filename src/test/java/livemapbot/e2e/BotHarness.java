package livemapbot.e2e;

import livemapbot.BotApplication;
import livemapbot.cad.emulator.SonoranEmulator;
import livemapbot.config.Settings;
import livemapbot.config.SettingsLoader;
import livemapbot.e2e.fake.FakeDiscord;
import livemapbot.e2e.fake.FakeGuild;
import livemapbot.e2e.fake.FakeJda;
import livemapbot.e2e.fake.Interaction;
import livemapbot.e2e.fake.Option;
import livemapbot.history.Scheduler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The production bot ({@link BotApplication}, configured through {@link SettingsLoader} from a
 * properties file plus environment overrides, exactly as {@code Main} does) connected to a fake
 * Discord and to the embedded Sonoran emulator, all on 127.0.0.1.
 *
 * <p>The guild has three staff roles and one member per role, a member with no role, an
 * announcement channel and an audit channel.
 */
public final class BotHarness implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);

    public static final long VIEW_ROLE = 1_200_000_000_000_000_001L;
    public static final long EDIT_ROLE = 1_200_000_000_000_000_002L;
    public static final long DEPLOY_ROLE = 1_200_000_000_000_000_003L;

    public static final long VIEWER = 1_200_000_000_000_000_011L;
    public static final long EDITOR = 1_200_000_000_000_000_012L;
    public static final long DEPLOYER = 1_200_000_000_000_000_013L;
    public static final long OTHER_EDITOR = 1_200_000_000_000_000_014L;
    public static final long STRANGER = 1_200_000_000_000_000_019L;

    public static final long ANNOUNCE_CHANNEL = 1_200_000_000_000_000_021L;
    public static final long AUDIT_CHANNEL = 1_200_000_000_000_000_022L;

    public final FakeDiscord discord;
    public final SonoranEmulator sonoran;
    public final BotApplication bot;
    public final Path auditFile;
    /** How long {@link BotApplication#start} took: connect, READY, guild cached, commands registered. */
    public final Duration startTime;
    private final Path dir;
    private final Settings settings;
    private final BotApplication.Options options;

    private BotHarness(FakeDiscord discord, SonoranEmulator sonoran, BotApplication bot, Path auditFile,
                       Duration startTime, Path dir, Settings settings, BotApplication.Options options) {
        this.options = options;
        this.discord = discord;
        this.sonoran = sonoran;
        this.bot = bot;
        this.auditFile = auditFile;
        this.startTime = startTime;
        this.dir = dir;
        this.settings = settings;
    }

    /**
     * A restart: stops the bot (as a shutdown does) and starts a new {@link BotApplication} with the
     * same settings, so the same store, audit file, fake Discord and Sonoran. The returned harness
     * owns them now: close that one, not this.
     */
    public BotHarness restarted() throws Exception {
        var jda = bot.discord().jda();
        bot.close();
        FakeJda.shutdownCleanly(jda, WAIT);
        long started = System.nanoTime();
        BotApplication again = BotApplication.start(settings, options);
        again.directory().plans().refreshIfDue(Runnable::run).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return new BotHarness(discord, sonoran, again, auditFile, Duration.ofNanos(System.nanoTime() - started), dir,
                settings, options);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static BotHarness start() {
        return builder().start();
    }

    public Interaction slash(long member, String command, Option... options) {
        return discord.slashCommand(member, command, options);
    }

    @Override
    public void close() {
        try {
            var jda = bot.discord().jda();
            bot.close();
            // Wait until JDA's HTTP client is idle, so closing the fake does not cut a response.
            FakeJda.shutdownCleanly(jda, WAIT);
        } finally {
            discord.close();
            sonoran.close();
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }

    /** Options of one harness; every default is what most scenarios want. */
    public static final class Builder {
        private final Map<String, String> env = new LinkedHashMap<>();
        private Duration previewExpiry = Settings.DEFAULT_PREVIEW_EXPIRY;
        private Consumer<SonoranEmulator.Builder> emulatorSetup = b -> { };
        private String sonoranUrl;
        private java.time.Clock statusClock = java.time.Clock.systemUTC();
        private Scheduler driftScheduler;

        /** An environment override, e.g. {@code DEPLOY_COOLDOWN_SECONDS=0}. */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Builder previewExpiry(Duration expiry) {
            this.previewExpiry = expiry;
            return this;
        }

        public Builder emulator(Consumer<SonoranEmulator.Builder> setup) {
            this.emulatorSetup = setup;
            return this;
        }

        /** Points the bot at another Sonoran (a MockWebServer) instead of the emulator. */
        public Builder sonoranUrl(String url) {
            this.sonoranUrl = url;
            return this;
        }

        /**
         * The clock of the live status (the probes' 60 s cache, observation times): a test moves it
         * to make the status watch observe again without waiting minutes.
         */
        /** Runs the drift watch's checks (e.g. {@link StepScheduler}); the interval stays the configured one. */
        public Builder driftScheduler(Scheduler scheduler) {
            this.driftScheduler = scheduler;
            return this;
        }

        public Builder statusClock(java.time.Clock clock) {
            this.statusClock = clock;
            return this;
        }

        public BotHarness start() {
            Path dir;
            try {
                dir = Files.createTempDirectory("livemap-e2e");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            FakeDiscord discord = FakeDiscord.builder().heartbeatInterval(Duration.ofSeconds(2)).start();
            FakeGuild guild = discord.guild();
            guild.role(VIEW_ROLE, "Viewer", 0)
                    .role(EDIT_ROLE, "Map Editor", 0)
                    .role(DEPLOY_ROLE, "Map Deployer", 0)
                    .member(VIEWER, "viewer", VIEW_ROLE)
                    .member(EDITOR, "editor", EDIT_ROLE)
                    .member(OTHER_EDITOR, "other-editor", EDIT_ROLE)
                    .member(DEPLOYER, "deployer", DEPLOY_ROLE)
                    .member(STRANGER, "stranger")
                    .textChannel(ANNOUNCE_CHANNEL, "map-announcements")
                    .textChannel(AUDIT_CHANNEL, "map-audit");
            SonoranEmulator.Builder emulatorBuilder = SonoranEmulator.builder();
            emulatorSetup.accept(emulatorBuilder);
            SonoranEmulator sonoran = emulatorBuilder.build().start();
            Path auditFile = dir.resolve("data").resolve("audit.jsonl");
            try {
                Path config = writeConfig(dir, discord, sonoran, auditFile);
                Settings settings = SettingsLoader.load(Optional.of(config), env, SettingsLoader.Mode.RUN)
                        .withPreviewExpiry(previewExpiry);
                long started = System.nanoTime();
                BotApplication.Options options = new BotApplication.Options(statusClock, driftScheduler);
                BotApplication bot = BotApplication.start(settings, options);
                Duration startTime = Duration.ofNanos(System.nanoTime() - started);
                // The plan is read in the background at start-up (issue 12); scenarios start once that
                // call is over, so they count only their own calls to Sonoran.
                bot.directory().plans().refreshIfDue(Runnable::run).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                return new BotHarness(discord, sonoran, bot, auditFile, startTime, dir, settings, options);
            } catch (Exception e) {
                discord.close();
                sonoran.close();
                throw new AssertionError("the bot did not start: " + e.getMessage(), e);
            }
        }

        private Path writeConfig(Path dir, FakeDiscord discord, SonoranEmulator sonoran, Path auditFile)
                throws IOException {
            Properties p = new Properties();
            p.setProperty("discord.token", FakeJda.TOKEN);
            p.setProperty("discord.guildId", Long.toString(FakeDiscord.DEFAULT_GUILD_ID));
            p.setProperty("discord.announceChannelId", Long.toString(ANNOUNCE_CHANNEL));
            p.setProperty("discord.auditChannelId", Long.toString(AUDIT_CHANNEL));
            p.setProperty("discord.restUrl", discord.restUrl());
            p.setProperty("discord.gatewayUrl", discord.gatewayUrl());
            p.setProperty("access.viewRoleIds", Long.toString(VIEW_ROLE));
            p.setProperty("access.editRoleIds", Long.toString(EDIT_ROLE));
            p.setProperty("access.deployRoleIds", Long.toString(DEPLOY_ROLE));
            p.setProperty("sonoran.communityId", sonoran.communityId());
            p.setProperty("sonoran.apiKey", sonoran.apiKey());
            p.setProperty("sonoran.apiUrl", sonoranUrl != null ? sonoranUrl : sonoran.baseUrl());
            p.setProperty("audit.path", auditFile.toString());
            // Each harness its own SQLite file (STORE_URL in env() points a scenario elsewhere).
            p.setProperty("store.url", "jdbc:sqlite:" + dir.resolve("data").resolve("livemap-bot.db"));
            Path file = dir.resolve("config.properties");
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                p.store(w, "e2e harness");
            }
            return file;
        }
    }
}
