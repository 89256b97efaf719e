package livemapbot.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the store lives ({@code store.url}, {@code store.user}, {@code store.password}).
 *
 * <p>A password can also sit inside the JDBC URL ({@code ?password=…}, or {@code //user:pw@host}).
 * Such a value is registered with {@link SecretMasker} like any other secret, and
 * {@link #maskedUrl()} is the only form of the URL that is ever printed.
 *
 * @param url      the JDBC URL: {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST[:PORT]/DATABASE}
 * @param user     the database user; empty = the URL's (or none, for SQLite)
 * @param password the database password; blank = the URL's (or none)
 */
public record StoreSettings(String url, String user, Secret password) {
    public static final String DEFAULT_URL = "jdbc:sqlite:data/livemap-bot.db";
    public static final String SQLITE_PREFIX = "jdbc:sqlite:";
    public static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";

    /** {@code password=…} (and its cousins) in a JDBC URL's query string. */
    private static final Pattern QUERY_SECRET =
            Pattern.compile("([?&;](?:password|sslpassword|pwd|sslkey_password)=)([^&;#\\s]*)", Pattern.CASE_INSENSITIVE);
    /** {@code //user:password@} in a URL's authority. */
    private static final Pattern USERINFO_SECRET = Pattern.compile("(//[^/:@?#\\s]*:)([^@/?#\\s]*)(@)");

    public StoreSettings {
        url = url == null ? "" : url;
        user = user == null ? "" : user;
        password = password == null ? Secret.of("") : password;
        for (String secret : urlSecrets(url)) {
            Secret.of(secret);
        }
    }

    /** The default store: the SQLite file next to the audit file. */
    public static StoreSettings defaults() {
        return new StoreSettings(DEFAULT_URL, "", Secret.of(""));
    }

    /** An SQLite store in {@code file} (tests, tools). */
    public static StoreSettings sqlite(Path file) {
        return new StoreSettings(SQLITE_PREFIX + file, "", Secret.of(""));
    }

    public boolean isSqlite() {
        return url.startsWith(SQLITE_PREFIX);
    }

    public boolean isPostgresql() {
        return url.startsWith(POSTGRESQL_PREFIX);
    }

    /** The URL with every password in it replaced by {@code ****}: the only form that is printed. */
    public String maskedUrl() {
        return maskUrl(url);
    }

    /** {@code url} with any password in its query string or authority replaced by {@code ****}. */
    public static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = QUERY_SECRET.matcher(url).replaceAll("$1****");
        return SecretMasker.mask(USERINFO_SECRET.matcher(masked).replaceAll("$1****$3"));
    }

    /** What is wrong with {@code store.url} (a phrase following the key), or empty. */
    public Optional<String> urlProblem() {
        if (isSqlite()) {
            String rest = url.substring(SQLITE_PREFIX.length());
            if (rest.isBlank() || rest.startsWith("?")) {
                return Optional.of("names no database file; use e.g. " + DEFAULT_URL);
            }
            return Optional.empty();
        }
        if (isPostgresql()) {
            return Optional.empty();
        }
        String lower = url.toLowerCase(Locale.ROOT);
        String hint = lower.startsWith("postgres") ? " (a JDBC URL starts with jdbc:postgresql://)" : "";
        // Quoted the project's one way (Quote), and not at all when it holds a password.
        String shown = maskedUrl().equals(url) ? Quote.value(url) : "a URL holding a password (not shown)";
        return Optional.of("must be jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DATABASE" + hint
                + ", got " + shown);
    }

    private static List<String> urlSecrets(String url) {
        List<String> secrets = new ArrayList<>();
        Matcher query = QUERY_SECRET.matcher(url);
        while (query.find()) {
            secrets.add(query.group(2));
        }
        Matcher userinfo = USERINFO_SECRET.matcher(url);
        while (userinfo.find()) {
            secrets.add(userinfo.group(2));
        }
        return secrets;
    }

    @Override
    public String toString() {
        return "StoreSettings[url=" + maskedUrl() + ", user=" + user + ", password=" + password + "]";
    }
}
