package livemapbot;

import livemapbot.cad.CadClient;
import livemapbot.cad.CadClients;
import livemapbot.cad.emulator.SonoranEmulator;
import livemapbot.config.ConfigException;
import livemapbot.config.ConfigSource;
import livemapbot.config.HostingSettings;
import livemapbot.config.Secret;
import livemapbot.config.Settings;
import livemapbot.config.SettingsLoader;
import livemapbot.discord.DiscordPreflight;
import livemapbot.discord.StartupException;
import livemapbot.store.KeyCipher;
import livemapbot.store.Store;
import livemapbot.store.StoreCheck;
import livemapbot.store.StoreException;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Entry point: {@code run} (the bot), {@code check}, {@code sandbox}, and the store key's
 * {@code generate-key} and {@code rotate-key}. Failures a server owner
 * can fix end with a short message and a non-zero exit, never a stack trace.
 */
public final class Main {
    /** Exit codes, also listed in README. */
    static final int OK = 0;
    static final int PROBLEMS = 1;
    static final int USAGE = 2;
    static final int BAD_CONFIG = 3;
    static final int CANNOT_START = 4;

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        // UTF-8 whatever the locale: Docker, systemd and cron often have none, and Java 17 would
        // then print every non-ASCII character (a server name, "›" in a message) as "?".
        System.setOut(utf8(new FileOutputStream(FileDescriptor.out)));
        System.setErr(utf8(new FileOutputStream(FileDescriptor.err)));
        int code = run(args, System.getenv(), System.out, System.err, Main::addShutdownHook);
        if (code != OK) {
            System.exit(code);
        }
    }

    /** A print stream that writes UTF-8 to {@code out}, flushing at each line. */
    static PrintStream utf8(OutputStream out) {
        return new PrintStream(new BufferedOutputStream(out), true, StandardCharsets.UTF_8);
    }

    /** What to run when the JVM is told to stop (SIGTERM, Ctrl-C); tests pass their own. */
    interface ShutdownHooks {
        void add(String name, Runnable hook);
    }

    private static void addShutdownHook(String name, Runnable hook) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hook.run();
            // Exit 0 after an orderly stop on SIGTERM / Ctrl-C, not the JVM's 143 / 130.
            Runtime.getRuntime().halt(OK);
        }, name));
    }

    /** Runs one command; returns the exit code (the bot itself keeps running in its own threads). */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, Main::addShutdownHook);
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, ShutdownHooks hooks) {
        CommandLine cli;
        try {
            cli = CommandLine.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println();
            err.print(CommandLine.USAGE);
            return USAGE;
        }
        return switch (cli.command()) {
            case "help" -> {
                out.print(CommandLine.USAGE);
                yield OK;
            }
            case "version" -> {
                out.println("livemap-bot " + Version.current());
                yield OK;
            }
            case "sandbox" -> sandbox(cli, out, err, hooks);
            case "check" -> check(cli, env, out, err);
            case "generate-key" -> generateKey(out, err);
            case "rotate-key" -> rotateKey(cli, env, out, err);
            default -> runBot(cli, env, err, hooks);
        };
    }

    private static int runBot(CommandLine cli, Map<String, String> env, PrintStream err, ShutdownHooks hooks) {
        Settings settings;
        try {
            // Also validates audit.path, so an unwritable one stops the bot before it connects.
            settings = SettingsLoader.load(cli.configFile(), env, SettingsLoader.Mode.RUN,
                    warning -> LOG.warn("configuration: {}", warning));
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return BAD_CONFIG;
        }
        LOG.info("{}", ConfigSource.of(cli.configFile()).describe());
        try {
            Runnable close = settings.hosting().isMulti() ? HostedBotApplication.start(settings)::close
                    : BotApplication.start(settings)::close;
            hooks.add("shutdown", () -> {
                LOG.info("shutting down");
                close.run();
            });
            return OK;
        } catch (StartupException e) {
            err.println("Cannot start: " + e.getMessage());
            return CANNOT_START;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CANNOT_START;
        }
    }

    /** The settings for {@code check} and {@code rotate-key}: warnings on stdout; null (said on stderr) when invalid. */
    private static Settings loadForTool(CommandLine cli, Map<String, String> env, PrintStream out, PrintStream err) {
        try {
            return SettingsLoader.load(cli.configFile(), env, SettingsLoader.Mode.CHECK,
                    warning -> out.println("WARNING: " + warning));
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return null;
        }
    }

    private static int check(CommandLine cli, Map<String, String> env, PrintStream out, PrintStream err) {
        Settings settings = loadForTool(cli, env, out, err);
        if (settings == null) {
            return BAD_CONFIG;
        }
        out.println(ConfigSource.of(cli.configFile()).describe());
        out.println("Configuration: OK");
        SonoranEmulator emulator = null;
        OkHttpClient http = new OkHttpClient();
        try {
            if (settings.sandbox()) {
                emulator = SonoranEmulator.startSandbox(0);
                settings = settings.withSonoran(emulator.baseUrl(), emulator.communityId(), Secret.of(emulator.apiKey()));
            }
            List<String> problems = new ArrayList<>();
            if (settings.hosting().isMulti()) {
                // Each guild brings its own community and key; /livemap checks them when it is set up.
                out.println("Sonoran CAD: " + settings.apiUrl() + "; not checked in multi mode (each guild's"
                        + " community and API key are checked when it is set up with /livemap).");
            } else {
                CadClient cad = CadClients.create(settings, http);
                CheckCommand sonoran = new CheckCommand(settings, cad, out);
                sonoran.run();
                problems.addAll(sonoran.problems());
            }
            out.println();
            problems.addAll(StoreCheck.run(settings.store(), settings.hosting(), out));
            out.println();
            problems.addAll(checkDiscord(settings, http, out));
            out.println();
            if (problems.isEmpty()) {
                out.println("All checks passed.");
                return OK;
            }
            out.println(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " found.");
            return PROBLEMS;
        } finally {
            if (emulator != null) {
                emulator.close();
            }
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    /** The Discord pre-flight when a token is set; its problems, each already printed. */
    private static List<String> checkDiscord(Settings settings, OkHttpClient http, PrintStream out) {
        if (settings.discordToken().isBlank()) {
            out.println("Discord: not checked (discord.token / DISCORD_TOKEN is not set).");
            return List.of();
        }
        out.println("Discord: " + settings.discordRestUrl());
        if (settings.hosting().isMulti()) {
            try {
                DiscordPreflight.Bot bot = new DiscordPreflight(settings, http, Version.current()).bot();
                out.println("Discord: logged in as " + bot.name() + "; in multi mode each guild is checked when it is"
                        + " set up with /livemap.");
                return List.of();
            } catch (DiscordPreflight.Failure e) {
                out.println("PROBLEM: " + e.getMessage());
                return List.of(e.getMessage());
            }
        }
        DiscordPreflight.Report report = new DiscordPreflight(settings, http, Version.current()).check();
        report.login().ifPresent(login -> out.println("Discord: " + login.describe()));
        report.problems().forEach(problem -> out.println("PROBLEM: " + problem));
        return report.problems();
    }

    /** The variable {@code rotate-key} reads the new key from (never an argument: it would show in {@code ps}). */
    static final String NEW_KEY_VARIABLE = "STORE_NEW_ENCRYPTION_KEY";

    /** {@code generate-key}: a fresh key on stdout alone (for {@code $(…)}), what to do with it on stderr. */
    private static int generateKey(PrintStream out, PrintStream err) {
        out.println(KeyCipher.generateKey());
        err.println("A new random store.encryptionKey (base64 of 32 bytes). Set it as STORE_ENCRYPTION_KEY and keep a"
                + " copy somewhere safe: without it the stored API keys cannot be read. To replace a key in use,"
                + " use rotate-key.");
        return OK;
    }

    /**
     * {@code rotate-key}: re-encrypts every stored API key from the configured
     * {@code store.encryptionKey} to {@value #NEW_KEY_VARIABLE}'s, in one transaction. A wrong current
     * key, or any failure, changes nothing. Neither key is ever printed.
     */
    private static int rotateKey(CommandLine cli, Map<String, String> env, PrintStream out, PrintStream err) {
        Settings settings = loadForTool(cli, env, out, err);
        if (settings == null) {
            return BAD_CONFIG;
        }
        Secret current = settings.hosting().encryptionKey();
        if (current.isBlank()) {
            err.println("rotate-key: store.encryptionKey (STORE_ENCRYPTION_KEY) is not set; it must be the key the"
                    + " stored API keys are encrypted with now. Nothing was changed.");
            return BAD_CONFIG;
        }
        String nextValue = env.getOrDefault(NEW_KEY_VARIABLE, "").trim();
        Secret next = Secret.of(nextValue);
        Optional<String> problem = HostingSettings.keyProblem(nextValue);
        if (problem.isPresent()) {
            err.println("rotate-key: " + NEW_KEY_VARIABLE + " " + problem.get()
                    + ". It must hold the new key (generate one with generate-key). Nothing was changed.");
            return BAD_CONFIG;
        }
        if (next.equals(current)) {
            err.println("rotate-key: " + NEW_KEY_VARIABLE + " is the key already in use (store.encryptionKey);"
                    + " nothing to do.");
            return BAD_CONFIG;
        }
        out.println("Store: " + Store.describe(settings.store()));
        int rotated;
        try (Store store = Store.open(settings.store())) {
            rotated = store.rotateEncryptionKey(KeyCipher.of(current), KeyCipher.of(next));
        } catch (StoreException e) {
            err.println("rotate-key: " + e.getMessage() + (e.kind() == StoreException.Kind.IN_USE
                    ? " Stop the bot first." : "") + " Nothing was changed.");
            return PROBLEMS;
        }
        out.println("Re-encrypted " + rotated + (rotated == 1 ? " API key" : " API keys")
                + " with the new key, in one transaction.");
        out.println("Now set STORE_ENCRYPTION_KEY (store.encryptionKey) to the new key, the value of " + NEW_KEY_VARIABLE
                + ", in every process, then start the bot: the old key no longer opens the store.");
        return OK;
    }

    private static int sandbox(CommandLine cli, PrintStream out, PrintStream err, ShutdownHooks hooks) {
        int port = cli.port().orElse(0);
        SonoranEmulator.Builder builder = SonoranEmulator.builder().port(port);
        cli.community().ifPresent(builder::communityId);
        cli.key().ifPresent(builder::apiKey);
        SonoranEmulator emulator;
        try {
            emulator = builder.start();
        } catch (UncheckedIOException e) {
            err.println("Cannot start the sandbox: 127.0.0.1:" + port + " is not available ("
                    + (e.getCause() instanceof BindException ? "already in use" : e.getCause().getMessage())
                    + "); pick another port with --port, or --port 0 for any free one.");
            return USAGE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // The hook first: a stop signal sent as soon as "Press Ctrl-C" is read must find it.
        hooks.add("sandbox-shutdown", () -> {
            emulator.close();
            stopped.countDown();
        });
        emulator.printSandboxInfo(out);
        out.println("Press Ctrl-C to stop.");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            emulator.close();
            Thread.currentThread().interrupt();
        }
        return OK;
    }
}
