package livemapbot.it;

import livemapbot.e2e.fake.Callback;
import livemapbot.e2e.fake.FakeDiscord;
import livemapbot.e2e.fake.FakeJda;
import livemapbot.e2e.fake.Interaction;
import livemapbot.testing.NoConfig;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the shaded jar itself ({@code target/livemap-bot.jar}, built in the package phase) as a
 * separate process: proves the jar starts without the excluded voice libraries, that
 * {@code sandbox} + {@code check} work with no network, and that the bot connects to a (fake)
 * Discord, answers, and exits 0 on SIGTERM.
 */
class JarSmokeIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path JAR = Path.of(System.getProperty("livemap.jar", "target/livemap-bot.jar"));

    @Test
    void sandboxThenCheckPrintsTheDemoServersAndABadKeyFails() throws Exception {
        Process sandbox = java(Map.of(), "sandbox").start();
        try {
            List<String> lines = new ArrayList<>();
            BufferedReader out = new BufferedReader(new InputStreamReader(sandbox.getInputStream(), StandardCharsets.UTF_8));
            String url = null, community = null, key = null;
            for (String line; (url == null || community == null || key == null) && (line = out.readLine()) != null; ) {
                lines.add(line);
                url = match(line, "sonoran.apiUrl=(\\S+)", url);
                community = match(line, "sonoran.communityId=(\\S+)", community);
                key = match(line, "sonoran.apiKey=(\\S+)", key);
            }
            assertTrue(url != null && url.startsWith("http://127.0.0.1:"), lines.toString());

            Map<String, String> env = Map.of(
                    "DISCORD_GUILD_ID", "123456789012345678",
                    "SONORAN_API_URL", url,
                    "SONORAN_COMMUNITY_ID", community,
                    "SONORAN_API_KEY", key);
            Result ok = run(java(env, "check", "--config", NoConfig.path()));
            assertEquals(0, ok.exit, ok.output);
            assertTrue(ok.output.contains("Main Server") && ok.output.contains("All checks passed."), ok.output);

            Result bad = run(java(Map.of(
                    "DISCORD_GUILD_ID", "123456789012345678",
                    "SONORAN_API_URL", url,
                    "SONORAN_COMMUNITY_ID", community,
                    "SONORAN_API_KEY", "not-the-right-key-42"), "check", "--config", NoConfig.path()));
            assertEquals(1, bad.exit, bad.output);
            assertTrue(bad.output.contains("API key"), bad.output);
            assertFalse(bad.output.contains("not-the-right-key-42"), bad.output);
        } finally {
            sandbox.destroy();
            sandbox.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theJarRunsTheBotAgainstADiscordAndExitsZeroOnSigterm() throws Exception {
        try (FakeDiscord discord = FakeDiscord.start()) {
            long alice = 1_300_000_000_000_000_001L;
            discord.guild().member(alice, "alice");
            Path dir = Files.createTempDirectory("livemap-jar");
            Map<String, String> env = Map.of(
                    "DISCORD_TOKEN", FakeJda.TOKEN,
                    "DISCORD_GUILD_ID", Long.toString(FakeDiscord.DEFAULT_GUILD_ID),
                    "DISCORD_REST_URL", discord.restUrl(),
                    "DISCORD_GATEWAY_URL", discord.gatewayUrl(),
                    "SONORAN_SANDBOX", "true",
                    "AUDIT_PATH", dir.resolve("audit.jsonl").toString(),
                    "STORE_URL", "jdbc:sqlite:" + dir.resolve("store.db"));
            ProcessBuilder builder = java(env, "run", "--config", NoConfig.path()).redirectErrorStream(true);
            Process bot = builder.start();
            CompletableFuture<String> output = readAll(bot);
            try {
                discord.awaitRegisteredCommands(WAIT);
                Interaction servers = discord.slashCommand(alice, "servers");
                Callback ack = discord.awaitCallback(servers, WAIT);
                assertEquals(Callback.DEFERRED_REPLY, ack.type());
                discord.awaitOriginal(servers, m -> m.toString().contains("Main Server"), WAIT);
            } finally {
                bot.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
            }
            assertTrue(bot.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "the bot did not stop on SIGTERM");
            String log = output.get(5, TimeUnit.SECONDS);
            assertEquals(0, bot.exitValue(), log);
            assertTrue(log.contains("shutting down"), log);
            assertFalse(log.contains(FakeJda.TOKEN), log);
        }
    }

    private static String match(String line, String regex, String current) {
        Matcher m = Pattern.compile(regex).matcher(line);
        return m.find() ? m.group(1) : current;
    }

    private static ProcessBuilder java(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        // Only what the test sets: a developer's own SONORAN_* or DISCORD_* variables must not leak in.
        builder.environment().keySet().removeIf(k -> k.startsWith("SONORAN_") || k.startsWith("DISCORD_")
                || k.startsWith("ACCESS_") || k.startsWith("DEPLOY_") || k.startsWith("AUDIT_"));
        builder.environment().putAll(env);
        builder.directory(JAR.toAbsolutePath().getParent().toFile());
        return builder;
    }

    private record Result(int exit, String output) {
    }

    private static Result run(ProcessBuilder builder) throws Exception {
        Process p = builder.redirectErrorStream(true).start();
        CompletableFuture<String> output = readAll(p);
        assertTrue(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), "process did not finish");
        return new Result(p.exitValue(), output.get(5, TimeUnit.SECONDS));
    }

    private static CompletableFuture<String> readAll(Process p) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        });
    }
}
