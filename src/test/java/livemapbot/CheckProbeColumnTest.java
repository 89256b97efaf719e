package livemapbot;

import livemapbot.cad.emulator.SonoranEmulator;
import livemapbot.testing.NoConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 11: {@code check} prints a probe column for each server. Only 127.0.0.1 is ever contacted. */
class CheckProbeColumnTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private String check(Map<String, String> env) {
        int code = Main.run(new String[]{"check", "--config", NoConfig.path()}, env,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(Main.OK, code, text);
        return text;
    }

    private static String row(String text, String name) {
        return text.lines().filter(l -> l.matches("\\d+\\s+" + name + ".*")).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + name + " in\n" + text));
    }

    /** The sandbox's demo game servers show every kind of verdict. */
    @Test
    void inSandboxModeTheProbeColumnShowsEachDemoGameServersVerdict() {
        Map<String, String> env = new HashMap<>();
        env.put("DISCORD_GUILD_ID", "123456789012345678");
        env.put("SONORAN_SANDBOX", "true");

        String text = check(env);

        assertTrue(text.lines().anyMatch(l -> l.startsWith("ID ") && l.endsWith("PROBE")), text);
        assertTrue(row(text, "Main Server").endsWith("Online · 12/64 players · sonorancad 4.0.104 · push path OK"), text);
        assertTrue(row(text, "Whitelisted").contains("Online, sonorancad not running · 12/64 players"), text);
        assertTrue(row(text, "Training Server").endsWith("Unreachable from the bot (connection refused)"), text);
        assertTrue(row(text, "Event Server").endsWith("Not probed (Live Map off, no address)"), text);
    }

    /** The emulator's default data uses documentation addresses: refused, and not counted as a problem. */
    @Test
    void refusedAddressesAndProbingOffAreShownNotCountedAsProblems() {
        try (SonoranEmulator emulator = SonoranEmulator.builder().start()) {
            Map<String, String> env = new HashMap<>();
            env.put("DISCORD_GUILD_ID", "123456789012345678");
            env.put("SONORAN_API_URL", emulator.baseUrl());
            env.put("SONORAN_COMMUNITY_ID", emulator.communityId());
            env.put("SONORAN_API_KEY", emulator.apiKey());

            String refused = check(env);
            assertTrue(row(refused, "Main Server").endsWith("Not probed (address refused by the safety rules)"), refused);
            assertTrue(refused.contains("Hint: server 1 (Main Server): mapIp is a documentation example address"),
                    refused);

            out.reset();
            env.put("PROBE_ENABLED", "false");
            String off = check(env);
            assertTrue(row(off, "Main Server").endsWith("Not probed (probing is off)"), off);
        }
    }
}
