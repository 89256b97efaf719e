package livemapbot.config;

import java.nio.file.Path;
import java.time.Duration;
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
        StoreSettings store) {

    public static final Duration DEFAULT_PREVIEW_EXPIRY = Duration.ofMinutes(10);

    public Settings {
        viewRoleIds = Set.copyOf(viewRoleIds);
        editRoleIds = Set.copyOf(editRoleIds);
        deployRoleIds = Set.copyOf(deployRoleIds);
    }

    public Settings withPreviewExpiry(Duration expiry) {
        return new Settings(discordToken, guildId, announceChannelId, auditChannelId, discordRestUrl,
                discordGatewayUrl, viewRoleIds, editRoleIds, deployRoleIds, communityId, apiKey, apiUrl,
                apiVersion, sandbox, cacheFor, deployCooldown, auditPath, driftInterval, expiry, status, metrics, store);
    }

    /** The same settings pointed at another Sonoran base URL and credentials (sandbox start-up). */
    public Settings withSonoran(String url, String community, Secret key) {
        return new Settings(discordToken, guildId, announceChannelId, auditChannelId, discordRestUrl,
                discordGatewayUrl, viewRoleIds, editRoleIds, deployRoleIds, community, key, url,
                apiVersion, sandbox, cacheFor, deployCooldown, auditPath, driftInterval, previewExpiry, status, metrics, store);
    }

    /** The same settings with other live-status settings. */
    public Settings withStatus(StatusSettings newStatus) {
        return new Settings(discordToken, guildId, announceChannelId, auditChannelId, discordRestUrl,
                discordGatewayUrl, viewRoleIds, editRoleIds, deployRoleIds, communityId, apiKey, apiUrl,
                apiVersion, sandbox, cacheFor, deployCooldown, auditPath, driftInterval, previewExpiry, newStatus, metrics, store);
    }

    /** The same settings with other metrics settings. */
    public Settings withMetrics(MetricsSettings newMetrics) {
        return new Settings(discordToken, guildId, announceChannelId, auditChannelId, discordRestUrl,
                discordGatewayUrl, viewRoleIds, editRoleIds, deployRoleIds, communityId, apiKey, apiUrl,
                apiVersion, sandbox, cacheFor, deployCooldown, auditPath, driftInterval, previewExpiry, status,
                newMetrics, store);
    }
}
