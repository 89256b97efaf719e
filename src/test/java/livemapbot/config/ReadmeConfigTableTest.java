package livemapbot.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README.md carries the configuration table exactly as {@link ConfigKey#markdownTable()} prints it,
 * so a key added, renamed or re-defaulted in code cannot leave the operator's documentation behind.
 * When this fails, paste the freshly generated table into README's "Configuration" section.
 */
class ReadmeConfigTableTest {
    private static final Path README = Path.of("README.md");

    @Test
    void theReadmeContainsTheGeneratedConfigurationTable() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8).replace("\r\n", "\n");

        for (String row : ConfigKey.markdownTable().split("\n")) {
            assertTrue(readme.contains(row + "\n"), "README.md lacks the configuration table row: " + row);
        }
        assertTrue(readme.contains(ConfigKey.markdownTable()),
                "README.md has every row, but not as one table in ConfigKey order; regenerate it");
    }
}
