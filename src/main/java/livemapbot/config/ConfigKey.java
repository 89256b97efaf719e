package livemapbot.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every configuration key the bot reads, in the order they are documented. This list is the single
 * source for the loader, {@code config.example.properties} and the README table (tests check that
 * both documents cover every key), so a new key added here cannot be forgotten there.
 *
 * <p>The constant names are the environment variable names ({@link #envName()}); a test keeps
 * the two in step.
 */
public enum ConfigKey {
    DISCORD_TOKEN("discord.token", "", true,
            "Bot token (Developer Portal › your application › Bot › Reset Token); required to run the bot"),
    DISCORD_GUILD_ID("discord.guildId", "", false,
            "Id of the Discord server (guild) the bot serves; required"),
    DISCORD_ANNOUNCE_CHANNEL_ID("discord.announceChannelId", "", false,
            "Channel for /deploymap announcements; empty = the channel the command was used in"),
    DISCORD_AUDIT_CHANNEL_ID("discord.auditChannelId", "", false,
            "Channel that receives a post for every change; empty = no audit posts"),
    DISCORD_REST_URL("discord.restUrl", "https://discord.com/api/v10/", false,
            "Discord REST base URL; change only for testing"),
    DISCORD_GATEWAY_URL("discord.gatewayUrl", "wss://gateway.discord.gg/", false,
            "Discord gateway (WebSocket) URL; change only for testing"),
    ACCESS_VIEW_ROLE_IDS("access.viewRoleIds", "", false,
            "Comma-separated role ids allowed to use /servers; empty = every member"),
    ACCESS_EDIT_ROLE_IDS("access.editRoleIds", "", false,
            "Comma-separated role ids allowed to use /setmap; empty = nobody"),
    ACCESS_DEPLOY_ROLE_IDS("access.deployRoleIds", "", false,
            "Comma-separated role ids allowed to use /deploymap; empty = nobody"),
    SONORAN_COMMUNITY_ID("sonoran.communityId", "", false,
            "Sonoran CAD community id (CAD › Admin › In-Game Integration › API); required unless sandbox"),
    SONORAN_API_KEY("sonoran.apiKey", "", true,
            "Sonoran CAD API key (same page as the community id); required unless sandbox"),
    SONORAN_API_URL("sonoran.apiUrl", "https://api.sonorancad.com", false,
            "Sonoran API base URL; staging is https://staging-api.dev.sonorancad.com"),
    SONORAN_API_VERSION("sonoran.apiVersion", "v1", false,
            "Sonoran API version to use: v1 or v2"),
    SONORAN_SANDBOX("sonoran.sandbox", "false", false,
            "true = talk to the built-in Sonoran emulator instead of the real CAD"),
    SONORAN_CACHE_SECONDS("sonoran.cacheSeconds", "30", false,
            "How long a fetched server list is reused, in seconds (0-3600)"),
    PROBE_ENABLED("probe.enabled", "true", false,
            "true = ask each server's game server (mapIp:listenerPort) whether it and sonorancad answer"),
    PROBE_ALLOW_PRIVATE_ADDRESSES("probe.allowPrivateAddresses", "false", false,
            "true = also probe loopback, private and CGNAT addresses (never link-local, multicast or documentation ones)"),
    STATUS_INTERVAL_SECONDS("status.intervalSeconds", "0", false,
            "Status watch: probe every N seconds and announce verdict changes; 0 = off, else 60-86400"),
    DEPLOY_COOLDOWN_SECONDS("deploy.cooldownSeconds", "60", false,
            "Minimum seconds between two /deploymap runs (0-86400)"),
    AUDIT_PATH("audit.path", "data/audit.jsonl", false,
            "File the audit log (one JSON object per line) is appended to"),
    STORE_URL("store.url", StoreSettings.DEFAULT_URL, false,
            "Database for history, open previews and the deploy gate: jdbc:sqlite:FILE (created by itself)"
                    + " or jdbc:postgresql://HOST[:PORT]/DATABASE; a password in it is masked"),
    STORE_USER("store.user", "", false,
            "Database user (PostgreSQL); empty for SQLite"),
    STORE_PASSWORD("store.password", "", true,
            "Database password (PostgreSQL); empty for SQLite"),
    DRIFT_INTERVAL_SECONDS("drift.intervalSeconds", "300", false,
            "Seconds between two checks for changes made outside the bot: 0 = off, else 60-86400"),
    // Multi-community hosting (README "Hosting for many communities").
    HOSTING_MODE("hosting.mode", "single", false,
            "single = the one community configured here; multi = every guild that invites the bot, each set up"
                    + " with /livemap (then discord.guildId, access.*, the channels and sonoran.* except apiUrl are unused)"),
    HOSTING_RETENTION_DAYS("hosting.retentionDays", "30", false,
            "Multi mode: days a guild that removed the bot keeps its settings and API key before they are deleted"
                    + " (1-3650)"),
    STORE_ENCRYPTION_KEY("store.encryptionKey", "", true,
            "Multi mode, required: base64 of 32 random bytes that encrypts the stored API keys (AES-256-GCM);"
                    + " generate-key prints one, rotate-key changes it"),
    DISCORD_SHARD_TOTAL("discord.shardTotal", "", false,
            "Number of gateway shards; empty = Discord's recommendation"),
    DISCORD_SHARD_IDS("discord.shardIds", "", false,
            "Shards this process runs, e.g. 0-3 or 0,2,5 (needs discord.shardTotal); empty = all."
                    + " Several processes need a PostgreSQL store"),
    // Metrics and health (issue 13, both modes).
    METRICS_PORT("metrics.port", "0", false,
            "Port of /metrics (Prometheus text) and /health: 0 = off, else 1-65535"),
    METRICS_BIND_ADDRESS("metrics.bindAddress", MetricsSettings.DEFAULT_BIND_ADDRESS, false,
            "Address /metrics and /health listen on: an IP literal or a host name (0.0.0.0 = every interface)");

    private final String key;
    private final String defaultValue;
    private final boolean secret;
    private final String meaning;

    ConfigKey(String key, String defaultValue, boolean secret, String meaning) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.secret = secret;
        this.meaning = meaning;
    }

    /** The properties-file key, e.g. {@code sonoran.apiKey}. */
    public String key() {
        return key;
    }

    /** The value used when neither the file nor the environment sets the key; empty = none. */
    public String defaultValue() {
        return defaultValue;
    }

    /** The environment variable that overrides the key, e.g. {@code SONORAN_API_KEY}. */
    public String envName() {
        return SettingsLoader.envName(key);
    }

    /** Whether the value is a credential that must never be printed. */
    public boolean secret() {
        return secret;
    }

    /** One line saying what the key is for. */
    public String meaning() {
        return meaning;
    }

    /** The part before the first dot ({@code discord}, {@code sonoran}, …). */
    public String section() {
        return key.substring(0, key.indexOf('.'));
    }

    public static Optional<ConfigKey> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }

    public static List<ConfigKey> all() {
        return List.of(values());
    }

    /** A Markdown table of every key (key, environment variable, default, meaning) for the README. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| Key | Environment variable | Default | Meaning |\n")
                .append("|---|---|---|---|\n");
        for (ConfigKey k : values()) {
            String shownDefault = k.defaultValue.isEmpty() ? "(empty)" : "`" + k.defaultValue + "`";
            table.append("| `").append(k.key).append("` | `").append(k.envName()).append("` | ")
                    .append(shownDefault).append(" | ").append(k.meaning.replace("|", "\\|")).append(" |\n");
        }
        return table.toString();
    }
}
