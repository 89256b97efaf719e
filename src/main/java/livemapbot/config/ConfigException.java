package livemapbot.config;

import java.util.List;

/**
 * The configuration cannot be used. Carries every problem found, not just the first, so an
 * operator fixes the whole file in one go. Each problem is one line naming the key and its
 * environment variable; none ever contains a secret value (and the message passes through
 * {@link SecretMasker} as well). The message ends with the configuration file that was read, or
 * that none was.
 */
public final class ConfigException extends Exception {
    private final List<String> problems;
    private final ConfigSource source;

    /** {@code source} is named in the message: which file was read, or that none was. */
    public ConfigException(List<String> problems, ConfigSource source) {
        super(describe(problems, source));
        this.source = source;
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = problems.stream().map(SecretMasker::mask).toList();
    }

    /** One line per problem, e.g. {@code discord.guildId (DISCORD_GUILD_ID): must be a Discord id …}. */
    public List<String> problems() {
        return problems;
    }

    /** The configuration file the load read (or looked for). */
    public ConfigSource source() {
        return source;
    }

    private static String describe(List<String> problems, ConfigSource source) {
        StringBuilder text = new StringBuilder("Invalid configuration (")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems").append("):");
        for (String problem : problems) {
            text.append(System.lineSeparator()).append("  - ").append(problem);
        }
        text.append(System.lineSeparator()).append(source.describe());
        return SecretMasker.mask(text.toString());
    }
}
