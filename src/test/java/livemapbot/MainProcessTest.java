package livemapbot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Main in a process of its own (the test classpath, not the jar): what only a process shows,
 * the bytes written to its stdout/stderr under a non-UTF-8 default and its exit code on SIGTERM.
 */
class MainProcessTest {
    /** Java 17's defaults in a container or cron job without a locale. */
    private static final String ASCII = "ANSI_X3.4-1968";

    @TempDir
    Path dir;

    private ProcessBuilder main(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=" + ASCII, "-Dsun.stdout.encoding=" + ASCII, "-Dsun.stderr.encoding=" + ASCII,
                "-cp", System.getProperty("java.class.path"), "livemapbot.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("LC_") || name.equals("LANG")
                || name.startsWith("DISCORD_") || name.startsWith("SONORAN_") || name.startsWith("ACCESS_")
                || name.startsWith("AUDIT_") || name.startsWith("DEPLOY_"));
        builder.environment().put("LANG", "C");
        return builder;
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result finish(Process process) throws Exception {
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process, true));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process, false));
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process ends");
        return new Result(process.exitValue(), new String(out.get(), StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(Process process, boolean stdout) {
        try {
            return (stdout ? process.getInputStream() : process.getErrorStream()).readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Issue 8: output was "?" for every non-ASCII character when no UTF-8 locale is set. Printed
     * lines (check), errors (stderr) and log lines are UTF-8 whatever the locale.
     */
    @Test
    void printsUtf8WithAnAsciiDefaultCharset() throws Exception {
        Path config = Files.writeString(dir.resolve("config.properties"),
                "discord.guildId=1\nsonoran.sandbox=true\ngröße=東京\ngröße=🚓\n", StandardCharsets.UTF_8);

        Result check = finish(main("check", "--config", config.toString()).start());
        assertEquals(0, check.exit, check.out + check.err);
        assertTrue(check.out.contains("WARNING: größe (in "), check.out);
        assertFalse(check.out.contains("?"), "no character lost: " + check.out);

        Result run = finish(main("run", "--config", config.toString()).start());
        assertEquals(3, run.exit, run.out + run.err);
        assertTrue(run.err.contains("(Developer Portal › Bot › Reset Token)"), run.err);
        assertTrue(run.out.contains("configuration: größe (in "), "the log line: " + run.out);
    }

    /** Issue 8: the sandbox exits 0 on SIGTERM (was the JVM's 143). */
    @Test
    void sandboxExitsZeroOnSigterm() throws Exception {
        Process sandbox = main("sandbox").redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(sandbox.getInputStream(),
                    StandardCharsets.UTF_8));
            List<String> seen = new ArrayList<>();
            for (String line; (line = lines.readLine()) != null && !line.startsWith("Press Ctrl-C"); ) {
                seen.add(line);
            }
            assertTrue(seen.stream().anyMatch(l -> l.contains("sonoran.apiUrl=http://127.0.0.1:")), seen.toString());

            sandbox.destroy(); // SIGTERM

            assertTrue(sandbox.waitFor(30, TimeUnit.SECONDS), "the sandbox stops");
            assertEquals(0, sandbox.exitValue());
        } finally {
            sandbox.destroyForcibly();
        }
    }
}
