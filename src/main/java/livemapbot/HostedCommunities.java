package livemapbot;

import livemapbot.audit.AuditLog;
import livemapbot.cad.CadClient;
import livemapbot.cad.CadClients;
import livemapbot.cad.CadException;
import livemapbot.config.ApiVersion;
import livemapbot.config.Secret;
import livemapbot.config.Settings;
import livemapbot.discord.BotCommand;
import livemapbot.discord.Routing;
import livemapbot.discord.audit.AuditChannelPoster;
import livemapbot.hosting.GuildSetup;
import livemapbot.hosting.GuildSetups;
import livemapbot.hosting.Hosting;
import livemapbot.hosting.ShardOwnership;
import livemapbot.store.StoreException;
import net.dv8tion.jda.api.JDA;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Multi-community mode's guilds (README "Hosting for many communities"): the settings of every
 * guild set up whose shard this process runs, kept in memory so routing never waits for the
 * database, and one {@link Community} per guild, wired on first use (or when its drift watch is
 * due) and re-wired when its settings change. Nothing of one guild is reachable from another: each
 * has its own directory, pacer, cache, trail, gate and store rows ({@link GuildSetup#storeCommunity}).
 */
final class HostedCommunities implements Routing, Hosting {
    private static final Logger LOG = LoggerFactory.getLogger(HostedCommunities.class);
    /** The one sentence every other command answers in a guild that is not set up. */
    static final String NOT_SET_UP = "This server has not set up livemap-bot yet: a member with the Manage Server "
            + "permission runs `/livemap setup`.";

    private final Settings base;
    private final GuildSetups setups;
    /** The shards this process runs; known once they are connected. */
    private volatile ShardOwnership ownership;
    private final Community.Shared shared;
    private final LongFunction<JDA> jdaFor;
    private final BotCommand admin;
    private final List<BotCommand> definitions;
    private final Map<Long, GuildSetup> known = new ConcurrentHashMap<>();
    private final Map<Long, Community> wired = new ConcurrentHashMap<>();
    private final Routing.Served notSetUp;
    /** At shutdown: every interaction is told the bot is restarting. */
    private static final Routing.Served RESTARTING = new Routing.Served(Map.of(),
            livemapbot.discord.Replies.RESTARTING);
    private volatile boolean closed;

    /**
     * @param admin  builds {@code /livemap} for this hosting
     * @param jdaFor the shard's connection that serves a guild (available once connected)
     */
    HostedCommunities(Settings base, GuildSetups setups, Community.Shared shared, LongFunction<JDA> jdaFor,
                      Function<Hosting, BotCommand> admin) {
        this.base = base;
        this.setups = setups;
        this.shared = shared;
        this.jdaFor = jdaFor;
        this.admin = admin.apply(this);
        this.notSetUp = new Routing.Served(Map.of(this.admin.name(), this.admin), NOT_SET_UP);
        // The command definitions, from a community that is never started (nothing calls Sonoran).
        List<BotCommand> all = new ArrayList<>(Community.wire(base.forCommunity(0, "", Secret.of(""), ApiVersion.V1,
                java.util.Set.of(), java.util.Set.of(), java.util.Set.of(), java.util.OptionalLong.empty(),
                java.util.OptionalLong.empty(), base.auditPath()), "definitions", record -> { }, shared.withoutDrift(),
                () -> null).commands());
        all.add(this.admin);
        this.definitions = List.copyOf(all);
    }

    /**
     * Loads the settings of every guild set up, before the shards connect: routing must know them
     * from the first interaction on. (Only the process holding a guild's shard ever sees its
     * interactions, so the one that changes a guild's settings is the one that serves it.)
     */
    int load() throws StoreException {
        for (GuildSetup setup : setups.all()) {
            if (!setup.hasLeft()) {
                known.put(setup.guildId(), setup);
            }
        }
        return known.size();
    }

    /**
     * Once the shards are connected: wires each guild whose shard this process runs and that has a
     * drift watch, spread over the first interval so a thousand guilds do not all ask Sonoran at
     * once. Guilds of other processes' shards get no background work here.
     */
    void startBackgroundWork(ShardOwnership owned) {
        this.ownership = owned;
        if (base.driftInterval().isZero() || shared.driftScheduler() == null) {
            return;
        }
        List<Long> guilds = new ArrayList<>();
        for (Long guild : known.keySet()) {
            if (owned.owns(guild)) {
                guilds.add(guild);
            }
        }
        long spread = base.driftInterval().toMillis();
        for (int i = 0; i < guilds.size(); i++) {
            long guild = guilds.get(i);
            Duration offset = Duration.ofMillis(spread * i / Math.max(1, guilds.size()));
            shared.driftScheduler().schedule(() -> {
                GuildSetup setup = known.get(guild);
                if (!closed && setup != null) {
                    community(setup);
                }
            }, offset);
        }
    }

    // ---- Routing -----------------------------------------------------------------------------

    @Override
    public Served serve(long guildId) {
        if (closed) {
            return RESTARTING;
        }
        GuildSetup setup = known.get(guildId);
        if (setup == null) {
            return notSetUp;
        }
        Map<String, BotCommand> commands = new LinkedHashMap<>();
        for (BotCommand command : community(setup).commands()) {
            commands.put(command.name(), command);
        }
        commands.put(admin.name(), admin);
        return new Served(commands, null);
    }

    @Override
    public List<BotCommand> commands() {
        return definitions;
    }

    /**
     * The guild's community, wired from {@code setup} if it is not yet (the settings read by the
     * caller: a forget racing it cannot leave it without any).
     */
    private Community community(GuildSetup setup) {
        return wired.computeIfAbsent(setup.guildId(), id -> {
            Community community = wire(setup);
            ShardOwnership owned = ownership;
            if (owned == null || owned.owns(id)) {
                community.start();
            }
            return community;
        });
    }

    private Community wire(GuildSetup setup) {
        long guild = setup.guildId();
        Path auditFile = auditFile(guild);
        Settings settings = base.forCommunity(guild, setup.communityId(), setup.apiKey(), setup.apiVersion(),
                setup.viewRoleIds(), setup.editRoleIds(), setup.deployRoleIds(), setup.announceChannelId(),
                setup.auditChannelId(), auditFile);
        AuditLog audit = new AuditLog(auditFile);
        if (setup.auditChannelId().isPresent()) {
            long channel = setup.auditChannelId().getAsLong();
            audit.addListener(record -> {
                JDA jda = jdaFor.apply(guild);
                if (jda != null) {
                    new AuditChannelPoster(jda, channel).accept(record);
                } else {
                    LOG.warn("guild {}: audit post skipped, the bot is still connecting its shards (the change is "
                            + "in its audit file and /maphistory)", guild);
                }
            });
        }
        return Community.wire(settings, setup.storeCommunity(), audit, shared, () -> jdaFor.apply(guild));
    }

    /** The guild's audit lines: {@code guilds/<guild id>.jsonl} next to {@code audit.path}. */
    private Path auditFile(long guild) {
        return base.auditPath().toAbsolutePath().resolveSibling("guilds").resolve(guild + ".jsonl");
    }

    /** Stops the guild's background work; the next interaction wires it again from {@link #known}. */
    private void unwire(long guildId) {
        Community old = wired.remove(guildId);
        if (old != null) {
            old.stop();
        }
    }

    // ---- Hosting -----------------------------------------------------------------------------

    @Override
    public Optional<GuildSetup> find(long guildId) {
        return Optional.ofNullable(known.get(guildId));
    }

    @Override
    public Verified verify(String communityId, Secret apiKey, ApiVersion version) throws CadException {
        Settings trial = base.forCommunity(0, communityId, apiKey, version, java.util.Set.of(), java.util.Set.of(),
                java.util.Set.of(), java.util.OptionalLong.empty(), java.util.OptionalLong.empty(), base.auditPath());
        CadClient client = CadClients.create(trial, shared.http());
        var plan = client.plan();
        List<String> names = new ArrayList<>();
        if (plan.canViewServers()) {
            client.listServers().forEach(server -> names.add(server.name()));
        }
        return new Verified(plan, names);
    }

    @Override
    public void save(GuildSetup setup) throws StoreException {
        setups.save(setup);
        known.put(setup.guildId(), setup);
        unwire(setup.guildId());
        ShardOwnership owned = ownership;
        if (owned != null && owned.owns(setup.guildId()) && !closed) {
            // Its background work (plan, drift watch) starts now, not at the guild's next command.
            community(setup);
        }
        LOG.info("guild {} set up: community {}, {} API", setup.guildId(), setup.communityId(), setup.apiVersion());
    }

    @Override
    public boolean forget(long guildId, boolean withHistory) throws StoreException {
        boolean removed = setups.forget(guildId, withHistory);
        known.remove(guildId);
        unwire(guildId);
        if (withHistory) {
            try {
                java.nio.file.Files.deleteIfExists(auditFile(guildId));
            } catch (java.io.IOException e) {
                LOG.warn("guild {}: its audit file {} could not be deleted: {}", guildId, auditFile(guildId), e.toString());
            }
        }
        LOG.info("guild {} forgotten{}", guildId, withHistory ? " with its history" : "");
        return removed;
    }

    @Override
    public void left(long guildId) {
        // Forgotten here; a re-invite reads the settings again from the store (where they wait for
        // the retention period, or may have been deleted by another process meanwhile).
        known.remove(guildId);
        unwire(guildId);
        inBackground("recording that guild " + guildId + " removed the bot",
                () -> setups.markLeft(guildId, shared.clock().instant()));
    }

    @Override
    public void joined(long guildId) {
        inBackground("recording that guild " + guildId + " invited the bot", () -> {
            setups.markPresent(guildId);
            // Settings kept since it left: served again (unless deleted meanwhile).
            setups.find(guildId).ifPresent(setup -> known.put(guildId, setup.withLeftAt(null)));
        });
    }

    /**
     * Joins and leaves that happened while no process ran this guild's shard: a guild set up that
     * is in the shards' cache is present again; one that is not has removed the bot (its key now
     * waits for the retention period). Store work: call on a worker or the background thread.
     */
    void reconcile(java.util.Set<Long> present, ShardOwnership owned) {
        try {
            for (GuildSetup setup : setups.all()) {
                long guild = setup.guildId();
                if (!owned.owns(guild)) {
                    continue;
                }
                if (present.contains(guild) && setup.hasLeft()) {
                    setups.markPresent(guild);
                    known.put(guild, setup.withLeftAt(null));
                    LOG.info("guild {} invited the bot again while it was offline: served again", guild);
                } else if (!present.contains(guild) && !setup.hasLeft()) {
                    setups.markLeft(guild, shared.clock().instant());
                    known.remove(guild);
                    unwire(guild);
                    LOG.info("guild {} removed the bot while it was offline: its settings wait {} days", guild,
                            base.hosting().retentionDays());
                }
            }
        } catch (StoreException e) {
            LOG.warn("could not compare the guilds set up with the guilds the bot is in: {}", e.getMessage());
        }
    }

    /** Deletes the keys of guilds that removed the bot more than {@code hosting.retentionDays} ago. */
    void purgeExpired() {
        if (closed) {
            return;
        }
        Instant cutoff = shared.clock().instant().minus(Duration.ofDays(base.hosting().retentionDays()));
        try {
            List<Long> purged = setups.purgeLeftBefore(cutoff);
            purged.forEach(guild -> {
                known.remove(guild);
                unwire(guild);
            });
            if (!purged.isEmpty()) {
                LOG.info("retention: deleted the settings and keys of {} guild(s) that removed the bot more than {} "
                        + "days ago", purged.size(), base.hosting().retentionDays());
            }
        } catch (StoreException e) {
            LOG.warn("retention: could not delete expired guild settings: {}", e.getMessage());
        }
    }

    /** The number of guilds set up that this process serves (for metrics and logs). */
    int count() {
        return known.size();
    }

    void close() {
        closed = true;
        for (Long guild : List.copyOf(wired.keySet())) {
            unwire(guild);
        }
    }

    private interface StoreWork {
        void run() throws StoreException;
    }

    private void inBackground(String what, StoreWork work) {
        try {
            shared.workers().execute(() -> {
                try {
                    work.run();
                } catch (StoreException e) {
                    LOG.warn("{} failed: {}", what, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("{} skipped: the workers are busy or shutting down", what);
        }
    }
}
