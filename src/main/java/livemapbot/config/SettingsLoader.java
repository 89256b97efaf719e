package livemapbot.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Builds {@link Settings} from a properties file and the environment; an environment variable
 * ({@link #envName(String)}) overrides the file's value. Every problem is collected and reported
 * together in one {@link ConfigException}, each naming the key and its environment variable.
 *
 * <p>Values are trimmed. An environment variable that is set but empty counts as unset, so a
 * compose file's {@code FOO=${FOO}} with {@code FOO} undefined does not blank the file's value.
 * Secret values (token, API key) are never quoted in a problem, not even when they are invalid.
 */
public final class SettingsLoader {
    /** Used when no file is named: {@code ./config.properties}, optional if the environment has everything. */
    public static final Path DEFAULT_FILE = Path.of("config.properties");

    /** Values starting with this are the unreplaced placeholders of {@code config.example.properties}. */
    static final String PLACEHOLDER_PREFIX = "CHANGE_ME";

    private static final int MAX_SNOWFLAKE_DIGITS = 20;
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final Logger LOG = LoggerFactory.getLogger(SettingsLoader.class);
    private static final int MAX_CACHE_SECONDS = 3600;
    private static final int MAX_COOLDOWN_SECONDS = 86_400;
    private static final int MIN_DRIFT_SECONDS = 60;
    private static final int MAX_DRIFT_SECONDS = 86_400;
    private static final int MAX_RETENTION_DAYS = 3650;
    /** Far above any bot's need (Discord recommends one shard per 1,000 guilds); keeps ranges small. */
    private static final int MAX_SHARDS = 4096;
    /** One part of {@code discord.shardIds}: {@code N} or {@code A-B}, at most four digits each. */
    private static final Pattern SHARD_PART = Pattern.compile("(\\d{1,4})(?:\\s*-\\s*(\\d{1,4}))?");

    /**
     * What the caller is about to do, which decides what is required.
     *
     * @param tokenRequired whether {@code discord.token} must be set (true for anything that logs in)
     * @param forceSandbox  sandbox regardless of {@code sonoran.sandbox}: Sonoran credentials become
     *                      optional and {@link Settings#sandbox()} is true
     */
    public record Mode(boolean tokenRequired, boolean forceSandbox) {
        /** Run the bot: token and guild id required; Sonoran credentials unless {@code sonoran.sandbox=true}. */
        public static final Mode RUN = new Mode(true, false);
        /** Validate or inspect without logging in to Discord: the token may be absent. */
        public static final Mode CHECK = new Mode(false, false);

        /** The same mode with the sandbox forced on. */
        public Mode withSandbox() {
            return new Mode(tokenRequired, true);
        }
    }

    private SettingsLoader() {
    }

    /**
     * Loads from the file given by {@code --config} if there is one (then it must exist), else from
     * {@link #DEFAULT_FILE} if it exists, else from the environment alone. Warnings (a key set twice
     * in the file) are logged.
     */
    public static Settings load(Optional<Path> explicitFile, Map<String, String> env, Mode mode)
            throws ConfigException {
        return load(explicitFile, env, mode, LOG::warn);
    }

    /** As {@link #load(Optional, Map, Mode)}, handing each warning to {@code warnings}. */
    public static Settings load(Optional<Path> explicitFile, Map<String, String> env, Mode mode,
            Consumer<String> warnings) throws ConfigException {
        ConfigSource source = ConfigSource.of(explicitFile);
        return load(source.file(), source.explicit(), env, mode, warnings);
    }

    /**
     * Loads from {@code file} and {@code env} (pass {@code System.getenv()} in production).
     *
     * @param fileRequired whether a missing {@code file} is a problem; when false a missing file
     *                     simply means every value comes from the environment or the defaults
     */
    public static Settings load(Path file, boolean fileRequired, Map<String, String> env, Mode mode)
            throws ConfigException {
        return load(file, fileRequired, env, mode, LOG::warn);
    }

    private static Settings load(Path file, boolean fileRequired, Map<String, String> env, Mode mode,
            Consumer<String> warnings) throws ConfigException {
        ConfigSource source = new ConfigSource(file, fileRequired);
        List<String> problems = new ArrayList<>();
        Map<String, String> fileValues = readFile(file, fileRequired, problems, warnings);
        reportUnknownKeys(file, fileValues.keySet(), problems);

        Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
        for (ConfigKey key : ConfigKey.values()) {
            String fromEnv = env.get(key.envName());
            String chosen = fromEnv != null && !fromEnv.isBlank() ? fromEnv : fileValues.get(key.key());
            values.put(key, chosen == null ? "" : chosen.trim());
        }
        // Register secrets first so that even a secret typed into a non-secret key is masked when quoted.
        for (ConfigKey key : ConfigKey.values()) {
            if (key.secret()) {
                Secret.of(values.get(key));
            }
        }
        Settings settings = new Parser(values, mode, problems, source).parse();
        List<ConfigKey> unused = settings.unusedInMultiMode();
        if (!unused.isEmpty()) {
            warnings.accept("not used in multi mode (each guild sets its own with /livemap): "
                    + unused.stream().map(ConfigKey::key).collect(Collectors.joining(", ")));
        }
        return settings;
    }

    /**
     * The environment variable for a key: dots and camel-case humps become underscores, all upper
     * case ({@code sonoran.apiKey} → {@code SONORAN_API_KEY}).
     */
    public static String envName(String key) {
        StringBuilder name = new StringBuilder(key.length() + 4);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isUpperCase(c) && i > 0 && Character.isLetterOrDigit(key.charAt(i - 1))
                    && !Character.isUpperCase(key.charAt(i - 1))) {
                name.append('_');
            }
            name.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return name.toString();
    }

    private static Map<String, String> readFile(Path file, boolean required, List<String> problems,
            Consumer<String> warnings) {
        if (!Files.exists(file)) {
            if (required) {
                problems.add("config file " + file + ": not found (working directory "
                        + Path.of("").toAbsolutePath() + ")");
            }
            return Map.of();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            problems.add("config file " + file + ": not found");
            return Map.of();
        } catch (CharacterCodingException e) {
            problems.add("config file " + file + ": is not valid UTF-8 text");
            return Map.of();
        } catch (IOException e) {
            problems.add("config file " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
            return Map.of();
        }
        if (text.startsWith(BYTE_ORDER_MARK)) {
            // Windows editors save "UTF-8 with BOM"; left in, it would glue itself to the first key.
            text = text.substring(BYTE_ORDER_MARK.length());
        }
        DuplicateRecordingProperties properties = new DuplicateRecordingProperties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            problems.add("config file " + file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
            return Map.of();
        } catch (IllegalArgumentException e) {
            // Properties throws this for a malformed \\uXXXX escape.
            problems.add("config file " + file + ": malformed \\u escape");
            return Map.of();
        }
        for (String duplicate : properties.duplicates) {
            warnings.accept(keyName(duplicate) + " (in " + file + "): set more than once; the last value is used");
        }
        Map<String, String> values = new TreeMap<>();
        for (String name : properties.stringPropertyNames()) {
            values.put(name.trim(), properties.getProperty(name));
        }
        return values;
    }

    /** {@link Properties} silently keeps the last of two equal keys; this one remembers them. */
    private static final class DuplicateRecordingProperties extends Properties {
        private final Set<String> duplicates = new LinkedHashSet<>();

        @Override
        public synchronized Object put(Object key, Object value) {
            Object previous = super.put(key, value);
            if (previous != null) {
                duplicates.add(String.valueOf(key));
            }
            return previous;
        }
    }

    /**
     * A key the loader does not know is most likely a typo that would silently fall back to a
     * default (an {@code access.editRoleID} that grants nobody). Keys of a known section, or close
     * to a known key, are reported; anything else is left alone.
     */
    private static void reportUnknownKeys(Path file, Set<String> fileKeys, List<String> problems) {
        Set<String> sections = ConfigKey.all().stream().map(ConfigKey::section).collect(Collectors.toSet());
        for (String name : fileKeys) {
            if (ConfigKey.byKey(name).isPresent()) {
                continue;
            }
            int dot = name.indexOf('.');
            if (dot < 0) {
                // "editRoleIds=" for "access.editRoleIds=": the key without its section.
                Optional<ConfigKey> sectionless = ConfigKey.all().stream()
                        .filter(k -> k.key().substring(k.key().indexOf('.') + 1).equalsIgnoreCase(name))
                        .findFirst();
                if (sectionless.isPresent()) {
                    problems.add(keyName(name) + " (in " + file + "): unknown key, did you mean "
                            + sectionless.get().key() + "?");
                    continue;
                }
            }
            String section = (dot < 0 ? name : name.substring(0, dot)).toLowerCase(Locale.ROOT);
            ConfigKey nearest = ConfigKey.all().stream()
                    .min(Comparator.comparingInt(k -> distance(k.key(), name)))
                    .orElseThrow();
            int nearestDistance = distance(nearest.key(), name);
            boolean knownSection = sections.contains(section);
            if (!knownSection && nearestDistance > 3) {
                continue;
            }
            String where = keyName(name) + " (in " + file + "): unknown key";
            if (nearestDistance <= Math.max(3, name.length() / 3)) {
                problems.add(where + ", did you mean " + nearest.key() + "?");
            } else {
                String known = ConfigKey.all().stream().filter(k -> k.section().equals(section))
                        .map(ConfigKey::key).collect(Collectors.joining(", "));
                problems.add(where + "; known " + section + " keys: " + known);
            }
        }
    }

    /**
     * A key name from the file for a message: as it is when {@link Quote} would show it whole, else
     * quoted and shortened (a line holding only a pasted token is a key without a value).
     */
    private static String keyName(String name) {
        String quoted = Quote.value(name);
        return quoted.equals("\"" + name + "\"") ? name : quoted;
    }

    /** Case-insensitive Levenshtein distance. */
    static int distance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[] previous = new int[y.length() + 1];
        int[] current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length()];
    }

    /** Turns the chosen raw values into typed ones, adding one problem per mistake. */
    private static final class Parser {
        private final Map<ConfigKey, String> values;
        private final Mode mode;
        private final List<String> problems;
        private final ConfigSource source;

        Parser(Map<ConfigKey, String> values, Mode mode, List<String> problems, ConfigSource source) {
            this.values = values;
            this.mode = mode;
            this.problems = problems;
            this.source = source;
        }

        Settings parse() throws ConfigException {
            // Non-short-circuit on purpose: a malformed sonoran.sandbox is reported even when forced.
            boolean sandbox = mode.forceSandbox() | bool(ConfigKey.SONORAN_SANDBOX);
            // Multi mode: every guild brings its own guild id, roles, channels and Sonoran credentials.
            HostingMode hostingMode = hostingMode();
            boolean single = hostingMode == HostingMode.SINGLE;

            // A placeholder token is refused even where no token is needed, so check and run agree.
            Secret token = secret(ConfigKey.DISCORD_TOKEN, mode.tokenRequired(), true,
                    "the bot token (Developer Portal › Bot › Reset Token) is needed to log in to Discord");
            long guildId = snowflake(ConfigKey.DISCORD_GUILD_ID, single, single).orElse(0L);
            OptionalLong announceChannel = snowflake(ConfigKey.DISCORD_ANNOUNCE_CHANNEL_ID, false);
            OptionalLong auditChannel = snowflake(ConfigKey.DISCORD_AUDIT_CHANNEL_ID, false);
            String restUrl = url(ConfigKey.DISCORD_REST_URL, Set.of("http", "https"), "an http(s)");
            String gatewayUrl = url(ConfigKey.DISCORD_GATEWAY_URL, Set.of("ws", "wss"), "a ws(s)");
            Set<Long> viewRoles = roleIds(ConfigKey.ACCESS_VIEW_ROLE_IDS);
            Set<Long> editRoles = roleIds(ConfigKey.ACCESS_EDIT_ROLE_IDS);
            Set<Long> deployRoles = roleIds(ConfigKey.ACCESS_DEPLOY_ROLE_IDS);
            String communityId = communityId(!sandbox && single);
            Secret apiKey = secret(ConfigKey.SONORAN_API_KEY, !sandbox && single, !sandbox && single,
                    "needed unless sonoran.sandbox=true (CAD › Admin › In-Game Integration › API)");
            String apiUrl = url(ConfigKey.SONORAN_API_URL, Set.of("http", "https"), "an http(s)");
            ApiVersion apiVersion = apiVersion();
            Duration cacheFor = seconds(ConfigKey.SONORAN_CACHE_SECONDS, MAX_CACHE_SECONDS);
            Duration cooldown = seconds(ConfigKey.DEPLOY_COOLDOWN_SECONDS, MAX_COOLDOWN_SECONDS);
            Path auditPath = path(ConfigKey.AUDIT_PATH);
            StatusSettings status = status(sandbox);
            StoreSettings store = store();
            Duration driftInterval = driftInterval();
            HostingSettings hosting = hosting(hostingMode, store);
            MetricsSettings metrics = metrics();

            if (!problems.isEmpty()) {
                throw new ConfigException(problems, source);
            }
            return new Settings(token, guildId, announceChannel, auditChannel,
                    restUrl.endsWith("/") ? restUrl : restUrl + "/",
                    gatewayUrl, viewRoles, editRoles, deployRoles, communityId, apiKey,
                    apiUrl.replaceAll("/+$", ""), apiVersion, sandbox, cacheFor, cooldown, auditPath,
                    driftInterval, Settings.DEFAULT_PREVIEW_EXPIRY, status, metrics, store, hosting);
        }

        /** The live-status keys; sandbox mode allows private addresses (its demo game servers are on 127.0.0.1). */
        private StatusSettings status(boolean sandbox) {
            boolean enabled = bool(ConfigKey.PROBE_ENABLED);
            boolean allowPrivate = bool(ConfigKey.PROBE_ALLOW_PRIVATE_ADDRESSES) | sandbox;
            ConfigKey key = ConfigKey.STATUS_INTERVAL_SECONDS;
            String value = value(key);
            int max = MAX_COOLDOWN_SECONDS;
            long min = StatusSettings.MIN_WATCH_INTERVAL.toSeconds();
            Duration interval = Duration.ZERO;
            if (value.length() <= 9 && !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                interval = Duration.ofSeconds(Integer.parseInt(value));
            }
            if (!interval.isZero() && (interval.toSeconds() < min || interval.toSeconds() > max)
                    || interval.isZero() && !value.matches("0+")) {
                problem(key, "must be 0 (off) or a whole number of seconds from " + min + " to " + max
                        + ", got " + quote(value));
                interval = Duration.ZERO;
            }
            return new StatusSettings(enabled, allowPrivate, interval);
        }

        /** The value, or the key's default when unset. */
        private String value(ConfigKey key) {
            String value = values.get(key);
            return value.isEmpty() ? key.defaultValue() : value;
        }

        private void problem(ConfigKey key, String message) {
            problems.add(key.key() + " (" + key.envName() + "): " + message);
        }

        /** Whether the value is an unreplaced example placeholder (reported if so). */
        private boolean placeholder(ConfigKey key, String value) {
            return placeholder(key, value, true);
        }

        /**
         * Whether the value is an unreplaced example placeholder; reported only when the key is
         * {@code required} (a sandbox run leaves the example's Sonoran placeholders alone).
         */
        private boolean placeholder(ConfigKey key, String value, boolean required) {
            if (value.regionMatches(true, 0, PLACEHOLDER_PREFIX, 0, PLACEHOLDER_PREFIX.length())) {
                if (required) {
                    problem(key, "still the placeholder from config.example.properties; replace it with the real value");
                }
                return true;
            }
            return false;
        }

        /**
         * @param placeholderIsProblem whether an unreplaced {@code CHANGE_ME} is reported (a sandbox
         *                             run leaves the example's Sonoran placeholders alone)
         */
        private Secret secret(ConfigKey key, boolean required, boolean placeholderIsProblem, String whyRequired) {
            String value = value(key);
            if (value.isEmpty()) {
                if (required) {
                    problem(key, "required, not set; " + whyRequired);
                }
                return Secret.of("");
            }
            if (placeholder(key, value, placeholderIsProblem)) {
                return Secret.of("");
            }
            if (value.chars().anyMatch(Character::isWhitespace)) {
                // Never quote the value: it is a secret even when it is malformed.
                problem(key, "must not contain whitespace (paste the value alone, without a \"Bot \" prefix"
                        + " or line breaks)");
            }
            return Secret.of(value);
        }

        private String communityId(boolean required) {
            ConfigKey key = ConfigKey.SONORAN_COMMUNITY_ID;
            String value = value(key);
            if (value.isEmpty()) {
                if (required) {
                    problem(key, "required, not set; needed unless sonoran.sandbox=true"
                            + " (CAD › Admin › In-Game Integration › API)");
                }
                return "";
            }
            if (placeholder(key, value, required)) {
                return "";
            }
            if (value.chars().anyMatch(Character::isWhitespace)) {
                problem(key, "must not contain whitespace, got " + quote(value));
            }
            return value;
        }

        private OptionalLong snowflake(ConfigKey key, boolean required) {
            return snowflake(key, required, true);
        }

        /**
         * @param placeholderIsProblem whether an unreplaced {@code CHANGE_ME} is reported (multi mode
         *                             leaves the example's guild id placeholder alone: it is unused)
         */
        private OptionalLong snowflake(ConfigKey key, boolean required, boolean placeholderIsProblem) {
            String value = value(key);
            if (value.isEmpty()) {
                if (required) {
                    problem(key, "required, not set; in Discord turn on Developer Mode (User Settings ›"
                            + " Advanced), then right-click the server › Copy Server ID");
                }
                return OptionalLong.empty();
            }
            if (placeholder(key, value, placeholderIsProblem)) {
                return OptionalLong.empty();
            }
            Optional<String> error = snowflakeError(value);
            if (error.isPresent()) {
                problem(key, error.get() + ", got " + quote(value));
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(value));
        }

        private Set<Long> roleIds(ConfigKey key) {
            Set<Long> ids = new LinkedHashSet<>();
            String value = value(key);
            if (placeholder(key, value)) {
                return ids;
            }
            for (String entry : value.split(",")) {
                String id = entry.trim();
                if (id.isEmpty()) {
                    continue;
                }
                Optional<String> error = snowflakeError(id);
                if (error.isPresent()) {
                    problem(key, "entry " + quote(id) + ": " + error.get().replace("Discord id", "Discord role id")
                            + " (comma-separated list)");
                } else {
                    ids.add(Long.parseLong(id));
                }
            }
            return ids;
        }

        private static Optional<String> snowflakeError(String value) {
            if (!value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.of("must be a Discord id (digits only)");
            }
            if (value.length() > MAX_SNOWFLAKE_DIGITS) {
                return Optional.of("must be a Discord id (at most " + MAX_SNOWFLAKE_DIGITS + " digits)");
            }
            long parsed;
            try {
                parsed = Long.parseLong(value);
            } catch (NumberFormatException e) {
                return Optional.of("must be a Discord id (too large for a 64-bit number)");
            }
            if (parsed <= 0) {
                return Optional.of("must be a Discord id (greater than 0)");
            }
            return Optional.empty();
        }

        private String url(ConfigKey key, Set<String> schemes, String kind) {
            String value = value(key);
            String expected = "must be " + kind + " URL such as " + key.defaultValue() + ", got " + quote(value);
            try {
                URI uri = new URI(value);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!uri.isAbsolute() || !schemes.contains(scheme) || uri.getHost() == null) {
                    // A long value is not quoted whole; its scheme is short and says what is wrong.
                    boolean shortened = !quote(value).endsWith("\"");
                    problem(key, expected + (shortened && !scheme.isEmpty() && !schemes.contains(scheme)
                            ? " whose scheme is " + quote(uri.getScheme()) : ""));
                }
            } catch (URISyntaxException e) {
                problem(key, expected);
            }
            return value;
        }

        private ApiVersion apiVersion() {
            ConfigKey key = ConfigKey.SONORAN_API_VERSION;
            String value = value(key);
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "v1" -> ApiVersion.V1;
                case "v2" -> ApiVersion.V2;
                default -> {
                    problem(key, "must be v1 or v2, got " + quote(value));
                    yield ApiVersion.V1;
                }
            };
        }

        private boolean bool(ConfigKey key) {
            String value = value(key);
            if (value.equalsIgnoreCase("true")) {
                return true;
            }
            if (!value.equalsIgnoreCase("false")) {
                problem(key, "must be true or false, got " + quote(value));
            }
            return false;
        }

        private Duration seconds(ConfigKey key, int max) {
            String value = value(key);
            String expected = "must be a whole number of seconds from 0 to " + max + ", got " + quote(value);
            if (value.length() > 9 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                problem(key, expected);
                return Duration.ZERO;
            }
            int seconds = Integer.parseInt(value);
            if (seconds > max) {
                problem(key, expected);
                return Duration.ZERO;
            }
            return Duration.ofSeconds(seconds);
        }

        private HostingMode hostingMode() {
            ConfigKey key = ConfigKey.HOSTING_MODE;
            String value = value(key);
            Optional<HostingMode> mode = HostingMode.parse(value);
            if (mode.isEmpty()) {
                problem(key, "must be single or multi, got " + quote(value));
            }
            return mode.orElse(HostingMode.SINGLE);
        }

        /**
         * {@code hosting.retentionDays}, {@code store.encryptionKey} (required in multi mode, checked
         * whenever set; never quoted) and the shard keys, which {@code store} constrains: several
         * processes (a partial shard set) share one store only on PostgreSQL.
         */
        private HostingSettings hosting(HostingMode hostingMode, StoreSettings store) {
            boolean multi = hostingMode == HostingMode.MULTI;
            int retentionDays = wholeNumber(ConfigKey.HOSTING_RETENTION_DAYS, 1, MAX_RETENTION_DAYS)
                    .orElse(HostingSettings.DEFAULT_RETENTION_DAYS);

            ConfigKey keyKey = ConfigKey.STORE_ENCRYPTION_KEY;
            String key = value(keyKey);
            Secret encryptionKey = Secret.of(key);
            if (key.isEmpty()) {
                if (multi) {
                    problem(keyKey, "required in multi mode, not set; it encrypts the stored API keys."
                            + " Generate one with: java -jar livemap-bot.jar generate-key (README \"Hosting for"
                            + " many communities\")");
                }
            } else if (!placeholder(keyKey, key, multi)) {
                // Never quote the value, not even a malformed one: it is (meant to be) a secret.
                HostingSettings.keyProblem(key).ifPresent(why -> problem(keyKey, why));
            } else {
                encryptionKey = Secret.of("");
            }

            OptionalInt shardTotal = OptionalInt.empty();
            ConfigKey totalKey = ConfigKey.DISCORD_SHARD_TOTAL;
            if (!value(totalKey).isEmpty()) {
                shardTotal = wholeNumber(totalKey, 1, MAX_SHARDS);
            }
            List<Integer> shardIds = shardIds(shardTotal);
            HostingSettings hosting = new HostingSettings(hostingMode, retentionDays, encryptionKey, shardTotal,
                    shardIds);
            if (multi && store.isSqlite() && !shardIds.isEmpty() && shardTotal.isPresent()
                    && !hosting.runsAllShards()) {
                problem(ConfigKey.DISCORD_SHARD_IDS, "this process would run only some of the "
                        + shardTotal.getAsInt() + " shards, so others run elsewhere: several processes need a"
                        + " PostgreSQL store (store.url=jdbc:postgresql://HOST[:PORT]/DATABASE); an SQLite store"
                        + " belongs to one process. Leave discord.shardIds empty to run every shard here");
            }
            return hosting;
        }

        /** {@code discord.shardIds}: {@code 0-3}, {@code 0,2,5} or a mix; each below {@code shardTotal}. */
        private List<Integer> shardIds(OptionalInt shardTotal) {
            ConfigKey key = ConfigKey.DISCORD_SHARD_IDS;
            String value = value(key);
            if (value.isEmpty()) {
                return List.of();
            }
            String syntax = "must be shard ids such as 0-3 or 0,2,5 (ranges and single ids, comma-separated), got "
                    + quote(value);
            Set<Integer> ids = new TreeSet<>();
            for (String part : value.split(",", -1)) {
                Matcher matcher = SHARD_PART.matcher(part.trim());
                if (!matcher.matches()) {
                    problem(key, syntax);
                    return List.of();
                }
                int first = Integer.parseInt(matcher.group(1));
                int last = matcher.group(2) == null ? first : Integer.parseInt(matcher.group(2));
                if (last < first) {
                    problem(key, "range " + quote(part.trim()) + " ends before it starts");
                    return List.of();
                }
                for (int id = first; id <= last; id++) {
                    ids.add(id);
                }
            }
            if (shardTotal.isEmpty()) {
                problem(key, "needs discord.shardTotal (DISCORD_SHARD_TOTAL): every process must agree on the"
                        + " number of shards");
                return List.copyOf(ids);
            }
            int total = shardTotal.getAsInt();
            List<Integer> outside = ids.stream().filter(id -> id >= total).toList();
            if (!outside.isEmpty()) {
                problem(key, "shard " + outside.get(0) + " does not exist: with discord.shardTotal=" + total
                        + " the shard ids are 0 to " + (total - 1));
            }
            return List.copyOf(ids);
        }

        /** A whole number from {@code min} to {@code max}, or empty (reported) when it is not. */
        private OptionalInt wholeNumber(ConfigKey key, int min, int max) {
            String value = value(key);
            if (value.length() <= 9 && !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                int number = Integer.parseInt(value);
                if (number >= min && number <= max) {
                    return OptionalInt.of(number);
                }
            }
            problem(key, "must be a whole number from " + min + " to " + max + ", got " + quote(value));
            return OptionalInt.empty();
        }

        private StoreSettings store() {
            StoreSettings store = new StoreSettings(value(ConfigKey.STORE_URL), value(ConfigKey.STORE_USER),
                    Secret.of(value(ConfigKey.STORE_PASSWORD)));
            store.urlProblem().ifPresent(problem -> problem(ConfigKey.STORE_URL, problem));
            return store;
        }

        /**
         * 0 (off) or 60-86400: the poll shares Sonoran's per-key budget (10 calls/min on v2) with
         * every game server, so it may never run more than once a minute.
         */
        private Duration driftInterval() {
            ConfigKey key = ConfigKey.DRIFT_INTERVAL_SECONDS;
            Duration interval = seconds(key, MAX_DRIFT_SECONDS);
            if (!interval.isZero() && interval.getSeconds() < MIN_DRIFT_SECONDS) {
                problem(key, "must be 0 (off) or at least " + MIN_DRIFT_SECONDS + " seconds: the check shares"
                        + " Sonoran's rate limit with the game servers and may not run more than once a minute, got "
                        + quote(value(key)));
                return Duration.ZERO;
            }
            return interval;
        }

        /** {@code metrics.port} (0 = off, else 1-65535) and {@code metrics.bindAddress}. */
        private MetricsSettings metrics() {
            ConfigKey portKey = ConfigKey.METRICS_PORT;
            String value = value(portKey);
            int port = 0;
            if (value.length() <= 5 && !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')
                    && Integer.parseInt(value) <= MetricsSettings.MAX_PORT) {
                port = Integer.parseInt(value);
            } else {
                problem(portKey, "must be 0 (off) or a port from 1 to " + MetricsSettings.MAX_PORT
                        + ", got " + quote(value));
            }
            ConfigKey addressKey = ConfigKey.METRICS_BIND_ADDRESS;
            String address = value(addressKey);
            if (!MetricsSettings.validBindAddress(address)) {
                problem(addressKey, "must be an IP address (127.0.0.1, 0.0.0.0, ::1) or a host name, got "
                        + quote(address));
                address = MetricsSettings.DEFAULT_BIND_ADDRESS;
            }
            return new MetricsSettings(port, address);
        }

        private Path path(ConfigKey key) {
            String value = value(key);
            Path path;
            try {
                path = Path.of(value);
            } catch (InvalidPathException e) {
                problem(key, "is not a valid file path, got " + quote(value));
                return Path.of(key.defaultValue());
            }
            WritableFile.problem(path).ifPresent(why -> problem(key, why));
            return path;
        }

        private static String quote(String value) {
            return Quote.value(value);
        }
    }
}
