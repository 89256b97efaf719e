package livemapbot.testing;

import livemapbot.config.ApiVersion;
import livemapbot.config.HostingSettings;
import livemapbot.config.MetricsSettings;
import livemapbot.config.Secret;
import livemapbot.config.Settings;
import livemapbot.config.StatusSettings;
import livemapbot.config.StoreSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@link Settings} for unit tests, built from safe defaults (every URL on 127.0.0.1 port 1, where
 * nothing listens) with only what a test cares about changed.
 */
public final class TestSettings {
    private String token = "discord-token-for-tests";
    private long guildId = 1L;
    private OptionalLong announceChannelId = OptionalLong.empty();
    private OptionalLong auditChannelId = OptionalLong.empty();
    private String restUrl = "http://127.0.0.1:1/api/v10/";
    private String gatewayUrl = "ws://127.0.0.1:1/";
    private Set<Long> viewRoles = Set.of();
    private Set<Long> editRoles = Set.of();
    private Set<Long> deployRoles = Set.of();
    private String communityId = "community";
    private String apiKey = "api-key-for-tests";
    private String apiUrl = "http://127.0.0.1:1";
    private ApiVersion apiVersion = ApiVersion.V1;
    private Duration cacheFor = Duration.ofSeconds(30);
    private Duration deployCooldown = Duration.ofMinutes(1);
    private Duration previewExpiry = Settings.DEFAULT_PREVIEW_EXPIRY;
    private HostingSettings hosting = HostingSettings.single();
    private MetricsSettings metrics = MetricsSettings.OFF;

    private TestSettings() {
    }

    public static TestSettings builder() {
        return new TestSettings();
    }

    public TestSettings token(String value) {
        token = value;
        return this;
    }

    public TestSettings guild(long value) {
        guildId = value;
        return this;
    }

    public TestSettings announceChannel(OptionalLong value) {
        announceChannelId = value;
        return this;
    }

    public TestSettings auditChannel(OptionalLong value) {
        auditChannelId = value;
        return this;
    }

    public TestSettings restUrl(String value) {
        restUrl = value;
        return this;
    }

    public TestSettings gatewayUrl(String value) {
        gatewayUrl = value;
        return this;
    }

    public TestSettings roles(Set<Long> view, Set<Long> edit, Set<Long> deploy) {
        viewRoles = view;
        editRoles = edit;
        deployRoles = deploy;
        return this;
    }

    public TestSettings sonoran(String url, ApiVersion version, String community, String key) {
        apiUrl = url;
        apiVersion = version;
        communityId = community;
        apiKey = key;
        return this;
    }

    public TestSettings cacheFor(Duration value) {
        cacheFor = value;
        return this;
    }

    public TestSettings deployCooldown(Duration value) {
        deployCooldown = value;
        return this;
    }

    public TestSettings previewExpiry(Duration value) {
        previewExpiry = value;
        return this;
    }

    public TestSettings hosting(HostingSettings value) {
        hosting = value;
        return this;
    }

    public TestSettings metrics(MetricsSettings value) {
        metrics = value;
        return this;
    }

    public Settings build() {
        return new Settings(Secret.of(token), guildId, announceChannelId, auditChannelId, restUrl, gatewayUrl,
                viewRoles, editRoles, deployRoles, communityId, Secret.of(apiKey), apiUrl, apiVersion, false,
                cacheFor, deployCooldown, Path.of("audit.jsonl"), Duration.ZERO, previewExpiry, StatusSettings.DEFAULT, metrics,
                StoreSettings.defaults(), hosting);
    }
}
