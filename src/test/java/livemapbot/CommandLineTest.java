package livemapbot;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CommandLineTest {

    @Test
    void runIsTheDefault() {
        assertEquals(new CommandLine("run", Optional.empty(), OptionalInt.empty()), CommandLine.parse());
        assertEquals(Optional.of(Path.of("x.properties")), CommandLine.parse("--config", "x.properties").configFile());
        assertEquals("run", CommandLine.parse("--config=x.properties").command());
    }

    @Test
    void commandsAndOptions() {
        CommandLine check = CommandLine.parse("check", "--config", "/etc/bot.properties");
        assertEquals("check", check.command());
        assertEquals(Optional.of(Path.of("/etc/bot.properties")), check.configFile());
        assertEquals(OptionalInt.of(8089), CommandLine.parse("sandbox", "--port", "8089").port());
        assertEquals("help", CommandLine.parse("--help").command());
        assertEquals("version", CommandLine.parse("version").command());
    }

    @Test
    void mistakesAreShortMessages() {
        // Quoted through config.Quote since issue 8 (was unquoted).
        assertEquals("unknown command: \"chek\"",
                assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("chek")).getMessage());
        assertEquals("--config needs a value",
                assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--config")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("sandbox", "--port", "70000"));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("check", "--port", "1"));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("check", "run"));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--verbose"));
    }

    @Test
    void sandboxTakesAFixedCommunityAndKey() {
        CommandLine cli = CommandLine.parse("sandbox", "--community", "rp-community", "--key=fixed-key");
        assertEquals(Optional.of("rp-community"), cli.community());
        assertEquals(Optional.of("fixed-key"), cli.key());
        assertEquals(Optional.empty(), CommandLine.parse("sandbox").key());
        assertEquals("--key only applies to the sandbox command",
                assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("check", "--key", "k")).getMessage());
        assertEquals("--community must not be empty or contain whitespace",
                assertThrows(IllegalArgumentException.class,
                        () -> CommandLine.parse("sandbox", "--community=my community")).getMessage());
    }

    /** Issue 8 #6: a secret pasted as an argument is not echoed back. */
    @Test
    void aTokenPastedAsAnArgumentIsNotEchoed() {
        String token = "MTA5OTg4NzY1NDMyMTA5ODc2NQ.GhJkLm.argTOKENabcdefghijklmnopqrstuvwxyz0123";
        String message = assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("check", token))
                .getMessage();
        assertEquals("unknown argument: \"MTA5…\" (" + token.length() + " characters, not shown)", message);
    }
}
