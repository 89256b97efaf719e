package livemapbot.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Every setting of the bot, typed and validated. Immutable; {@code toString} never shows the
 * token or the API key (they are {@link Secret}s).
 *
 * <p>Loaded by {@link SettingsLoader} from the properties file and the environment.
 * {@code previewExpiry} is not a configuration key: production uses {@link #DEFAULT_PREVIEW_EXPIRY};
 * tests shorten it with {@link #withPreviewExpiry}.
 *
 * @param discordToken      {@code discord.token}; blank only for commands that do not log in
 * @param guildId           {@code discord.guildId}
 * @param announceChannelId {@code discord.announceChannelId}; empty = the channel the command was used in
 * @param auditChannelId    {@code discord.auditChannelId}; empty = no audit posts
 * @param viewRoleIds       {@code access.viewRoleIds}; empty = every member of the guild
 * @param editRoleIds       {@code access.editRoleIds}; empty = nobody
 * @param deployRoleIds     {@code access.deployRoleIds}; empty = nobody
 * @param communityId       {@code sonoran.communityId}; blank in sandbox mode
 * @param apiKey            {@code sonoran.apiKey}; blank in sandbox mode
 * @param apiUrl            {@code sonoran.apiUrl} without a trailing slash
 * @param driftInterval     {@code drift.intervalSeconds}; zero = the drift watch is off, else at least a minute
 * @param status            {@code probe.*} and {@code status.intervalSeconds}
 * @param metrics           {@code metrics.port}, {@code metrics.bindAddress}
 * @param store             {@code store.url}, {@code store.user}, {@code store.password}
 * @param hosting           {@code hosting.*}, {@code store.encryptionKey}, {@code discord.shardTotal},
 *                          {@code discord.shardIds}; {@link HostingSettings#single()} unless configured
 */
public record Settings(
        Secret discordToken,
        long guildId,
        OptionalLong announceChannelId,
        OptionalLong auditChannelId,
        String discordRestUrl,
        String discordGatewayUrl,
        Set<Long> viewRoleIds,
        Set<Long> editRoleIds,
        Set<Long> deployRoleIds,
        String communityId,
        Secret apiKey,
        String apiUrl,
        ApiVersion apiVersion,
        boolean sandbox,
        Duration cacheFor,
        Duration deployCooldown,
        Path auditPath,
        Duration driftInterval,
        Duration previewExpiry,
        StatusSettings status,
        MetricsSettings metrics,
        StoreSettings store,
        HostingSettings hosting) {

    public static final Duration DEFAULT_PREVIEW_EXPIRY = Duration.ofMinutes(10);

    public Settings {
        viewRoleIds = Set.copyOf(viewRoleIds);
        editRoleIds = Set.copyOf(editRoleIds);
        deployRoleIds = Set.copyOf(deployRoleIds);
        hosting = hosting == null ? HostingSettings.single() : hosting;
    }

    public Settings withPreviewExpiry(Duration expiry) {
        return new Settings(discordToken, guildId, announceChannelId, auditChannelId, discordRestUrl,
                discordGatewayUrl, viewRoleIds, editRoleIds, deployRoleIds, communityId, apiKey, apiUrl,
                apiVersion, sandbox, cacheFor, deployCooldown, auditPath, driftInterval, expiry, status, metrics, store,
                hosting);
    }

    /** The same settings pointed at another Sonoran base URL and credentials (sandbox start-up). */
    public Settings withSonoran(String url, String community, Secret key) {
        return new Settings(discordToken, guildId, announceChannelId, auditChannelId, discordRestUrl,
                discordGatewayUrl, viewRoleIds, editRoleIds, deployRoleIds, community, key, url,
                apiVersion, sandbox, cacheFor, deployCooldown, auditPath, driftInterval, previewExpiry, status, metrics, store,
                hosting);
    }

    /** The same settings with other live-status settings. */
    public Settings withStatus(StatusSettings newStatus) {
        return new Settings(discordToken, guildId, announceChannelId, auditChannelId, discordRestUrl,
                discordGatewayUrl, viewRoleIds, editRoleIds, deployRoleIds, communityId, apiKey, apiUrl,
                apiVersion, sandbox, cacheFor, deployCooldown, auditPath, driftInterval, previewExpiry, newStatus, metrics, store,
                hosting);
    }

    /** The same settings with other hosting settings (tests, tools). */
    /**
     * Multi-community mode: the process's settings for one hosted guild, with that guild's own
     * Sonoran credentials, roles and channels (what single mode reads from the file).
     */
    public Settings forCommunity(long guild, String community, Secret key, ApiVersion version, Set<Long> view,
                                 Set<Long> edit, Set<Long> deploy, OptionalLong announce, OptionalLong audit,
                                 Path auditFile) {
        return new Settings(discordToken, guild, announce, audit, discordRestUrl, discordGatewayUrl, view, edit, deploy,
                community, key, apiUrl, version, false, cacheFor, deployCooldown, auditFile, driftInterval,
                previewExpiry, status, metrics, store, hosting);
    }

    public Settings withHosting(HostingSettings newHosting) {
        return new Settings(discordToken, guildId, announceChannelId, auditChannelId, discordRestUrl,
                discordGatewayUrl, viewRoleIds, editRoleIds, deployRoleIds, communityId, apiKey, apiUrl,
                apiVersion, sandbox, cacheFor, deployCooldown, auditPath, driftInterval, previewExpiry, status, metrics, store,
                newHosting);
    }

    /**
     * The keys that are set (to something other than their default) but not used in multi mode,
     * where each guild brings its own: {@code discord.guildId}, the channels, {@code access.*} and
     * {@code sonoran.*} except {@code sonoran.apiUrl} (where Sonoran's API is, for every guild) and
     * {@code sonoran.cacheSeconds}. In {@link ConfigKey} order; empty in single mode. A key set
     * explicitly to its default value changes nothing and is not listed.
     */
    public List<ConfigKey> unusedInMultiMode() {
        if (!hosting.isMulti()) {
            return List.of();
        }
        List<ConfigKey> unused = new ArrayList<>();
        if (guildId != 0) {
            unused.add(ConfigKey.DISCORD_GUILD_ID);
        }
        if (announceChannelId.isPresent()) {
            unused.add(ConfigKey.DISCORD_ANNOUNCE_CHANNEL_ID);
        }
        if (auditChannelId.isPresent()) {
            unused.add(ConfigKey.DISCORD_AUDIT_CHANNEL_ID);
        }
        if (!viewRoleIds.isEmpty()) {
            unused.add(ConfigKey.ACCESS_VIEW_ROLE_IDS);
        }
        if (!editRoleIds.isEmpty()) {
            unused.add(ConfigKey.ACCESS_EDIT_ROLE_IDS);
        }
        if (!deployRoleIds.isEmpty()) {
            unused.add(ConfigKey.ACCESS_DEPLOY_ROLE_IDS);
        }
        if (!communityId.isBlank()) {
            unused.add(ConfigKey.SONORAN_COMMUNITY_ID);
        }
        if (!apiKey.isBlank()) {
            unused.add(ConfigKey.SONORAN_API_KEY);
        }
        if (apiVersion != ApiVersion.V1) {
            unused.add(ConfigKey.SONORAN_API_VERSION);
        }
        if (sandbox) {
            unused.add(ConfigKey.SONORAN_SANDBOX);
        }
        return List.copyOf(unused);
    }

    /** The same settings with other metrics settings. */
    public Settings withMetrics(MetricsSettings newMetrics) {
        return new Settings(discordToken, guildId, announceChannelId, auditChannelId, discordRestUrl,
                discordGatewayUrl, viewRoleIds, editRoleIds, deployRoleIds, communityId, apiKey, apiUrl,
                apiVersion, sandbox, cacheFor, deployCooldown, auditPath, driftInterval, previewExpiry, status,
                newMetrics, store, hosting);
    }
}
