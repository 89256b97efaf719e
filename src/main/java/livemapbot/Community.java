package livemapbot;

import livemapbot.audit.AuditTrail;
import livemapbot.cad.CadClients;
import livemapbot.cad.CallPacer;
import livemapbot.cad.ServerDirectory;
import livemapbot.cad.ServerList;
import livemapbot.config.Settings;
import livemapbot.discord.Access;
import livemapbot.discord.BotCommand;
import livemapbot.discord.BotContext;
import livemapbot.discord.deploy.DeployGate;
import livemapbot.discord.deploy.DeployMapCommand;
import livemapbot.discord.history.DriftReporter;
import livemapbot.discord.history.MapHistoryCommand;
import livemapbot.discord.history.MapRollbackCommand;
import livemapbot.discord.servers.LiveStatus;
import livemapbot.discord.servers.ServersCommand;
import livemapbot.discord.setmap.PreviewStore;
import livemapbot.discord.setmap.SetMapCommand;
import livemapbot.history.DriftListener;
import livemapbot.history.DriftWatch;
import livemapbot.discord.status.StatusAnnouncer;
import livemapbot.status.StatusProbes;
import livemapbot.status.StatusWatch;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import livemapbot.metrics.BotMetrics;
import livemapbot.history.Scheduler;
import livemapbot.store.Store;
import livemapbot.store.StoreAuditTrail;
import net.dv8tion.jda.api.JDA;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Supplier;

/**
 * One Sonoran community's part of the bot, wired in one place for both hosting modes: its server
 * directory (own cache, own pacer: Sonoran's limits are per API key), its audit trail and
 * revisions, its deploy gate, its commands, and its drift watch. Single-community mode has one;
 * multi-community mode one per guild set up, all sharing the process's store, HTTP client, workers,
 * live status and drift scheduler.
 */
final class Community {
    private static final Logger LOG = LoggerFactory.getLogger(Community.class);

    /** What every community of a process shares. */
    /**
     * @param statusRounds where each community's status watch runs, with {@code probes}; null = no
     *                     status watch per community (single mode runs its own, see BotApplication)
     */
    record Shared(Store store, OkHttpClient http, ThreadPoolExecutor workers, Clock clock, LiveStatus live,
                  Scheduler driftScheduler, BotMetrics metrics, StatusProbes probes,
                  ScheduledExecutorService statusRounds) {
        /** The same, without background work (command definitions only). */
        Shared withoutDrift() {
            return new Shared(store, http, workers, clock, live, null, metrics, null, null);
        }
    }

    private final ServerDirectory directory;
    private final List<BotCommand> commands;
    private final DriftWatch drift;
    private StatusWatch status;
    private Duration statusInterval;
    private ScheduledExecutorService statusRounds;

    private final java.util.concurrent.Executor workers;

    private Community(ServerDirectory directory, List<BotCommand> commands, DriftWatch drift,
                      java.util.concurrent.Executor workers) {
        this.workers = workers;
        this.directory = directory;
        this.commands = commands;
        this.drift = drift;
    }

    /**
     * Wires one community.
     *
     * @param settings  its settings (in multi mode: the process's, with the guild's own Sonoran
     *                  credentials, roles and channels)
     * @param community the key of its rows in the store
     * @param auditFile where its audit lines go
     * @param jda       the Discord connection that serves its guild, once connected
     */
    static Community wire(Settings settings, String community, AuditTrail auditFile, Shared shared,
                          Supplier<JDA> jda) {
        Store store = shared.store();
        Clock clock = shared.clock();
        ServerDirectory directory = new ServerDirectory(CadClients.create(settings, shared.http()),
                settings.cacheFor(), CallPacer.forApi(settings.apiVersion()), clock);
        directory.recordWith(shared.metrics());
        // Another process sharing the database never interleaves its read-modify-write with ours.
        directory.shareWritesWith(store.writeLock(community));
        // The drift watch (off at 0). Every write of the bot's goes through the directory, which
        // tells the watch around it: checks pause, and the list written becomes the known one.
        DriftWatch drift = null;
        if (!settings.driftInterval().isZero() && shared.driftScheduler() != null) {
            OptionalLong channel = settings.auditChannelId().isPresent()
                    ? settings.auditChannelId() : settings.announceChannelId();
            if (channel.isEmpty()) {
                LOG.info("drift watch of {}: no audit or announcement channel; outside changes are only logged",
                        community);
            }
            drift = new DriftWatch(community, settings.driftInterval(),
                    () -> directory.serversAsync(shared.workers()), directory::cachedOrNull, store.knownLists(),
                    counted(new DriftReporter(store.revisions(), jda, channel, clock), shared.metrics()), clock,
                    shared.driftScheduler());
            DriftWatch watch = drift;
            directory.watchWrites(() -> {
                DriftWatch.OwnWrite own = watch.beginOwnWrite();
                return new ServerDirectory.WriteWatcher.Write() {
                    @Override
                    public void written(ServerList list) {
                        own.written(list);
                    }

                    @Override
                    public void close() {
                        own.close();
                    }
                };
            });
        }
        // Every change: a revision before the write, the audit line and the settled revision after it.
        // The known list after a write is the drift watch's (above) when it runs; else the trail keeps
        // it, so turning the watch on later does not report the bot's own changes. Exactly one does.
        AuditTrail trail = drift != null
                ? new StoreAuditTrail(auditFile, store, community, clock, (c, list) -> { })
                : new StoreAuditTrail(auditFile, store, community, clock);
        BotContext ctx = new BotContext(settings, directory, Access.from(settings), trail, shared.workers(), clock,
                community);
        // One gate for every deploy: /deploymap and a /setmap that deploys share the cooldown, kept in the store.
        DeployGate deployGate = new DeployGate(settings.deployCooldown(), clock, store.deployGate(), community);
        List<BotCommand> commands = List.of(
                new ServersCommand(ctx, shared.live()),
                new SetMapCommand(ctx, deployGate, PreviewStore.stored(clock, store.previews(), community)),
                new DeployMapCommand(ctx, deployGate),
                new MapHistoryCommand(ctx, store.revisions()),
                new MapRollbackCommand(ctx, store.revisions(), deployGate));
        Community wired = new Community(directory, commands, drift, shared.workers());
        if (shared.statusRounds() != null && shared.probes() != null && settings.status().watchOn()) {
            OptionalLong channel = settings.announceChannelId();
            wired.status = new StatusWatch(shared.probes(), () -> {
                try {
                    return directory.servers().servers();
                } catch (livemapbot.cad.CadException e) {
                    throw new IllegalStateException(e.userMessage(), e);
                }
            }, change -> {
                JDA connected = jda.get();
                if (connected != null) {
                    new StatusAnnouncer(connected, channel).verdictChanged(change);
                }
            });
            wired.statusInterval = settings.status().watchInterval();
            wired.statusRounds = shared.statusRounds();
        }
        return wired;
    }

    /**
     * Starts the community's background work: the plan lookup (then at most hourly; commands never
     * wait for it) and, when on, the drift watch. Until then nothing calls Sonoran.
     */
    void start() {
        directory.plans().watch(workers);
        if (drift != null) {
            drift.start();
        }
        if (status != null) {
            // The first round somewhere in the first interval: a thousand guilds do not probe at once.
            long spread = statusInterval.toMillis();
            status.start(statusInterval, Duration.ofMillis(java.util.concurrent.ThreadLocalRandom.current()
                    .nextLong(spread)), statusRounds);
        }
    }

    /** Stops the background work (a guild forgotten, or re-wired with new settings). */
    void stop() {
        directory.plans().stop();
        if (drift != null) {
            drift.close();
        }
        if (status != null) {
            status.close();
        }
    }

    /** Counts every drift detection. */
    private static DriftListener counted(DriftListener listener, BotMetrics metrics) {
        return detection -> {
            metrics.driftDetected(detection.classification().kind().name());
            listener.onDrift(detection);
        };
    }

    ServerDirectory directory() {
        return directory;
    }

    List<BotCommand> commands() {
        return commands;
    }

    /** The drift watch, or null when it is off. */
    DriftWatch drift() {
        return drift;
    }
}
