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
        assertEquals("unknown command: chek",
                assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("chek")).getMessage());
        assertEquals("--config needs a value",
                assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--config")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("sandbox", "--port", "70000"));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("check", "--port", "1"));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("check", "run"));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.parse("--verbose"));
    }
}
