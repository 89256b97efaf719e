package livemapbot.config;

import java.util.List;

/**
 * The configuration cannot be used. Carries every problem found, not just the first, so an
 * operator fixes the whole file in one go. Each problem is one line naming the key and its
 * environment variable; none ever contains a secret value (and the message passes through
 * {@link SecretMasker} as well).
 */
public final class ConfigException extends Exception {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(describe(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = problems.stream().map(SecretMasker::mask).toList();
    }

    /** One line per problem, e.g. {@code discord.guildId (DISCORD_GUILD_ID): must be a Discord id …}. */
    public List<String> problems() {
        return problems;
    }

    private static String describe(List<String> problems) {
        StringBuilder text = new StringBuilder("Invalid configuration (")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems").append("):");
        for (String problem : problems) {
            text.append(System.lineSeparator()).append("  - ").append(problem);
        }
        return SecretMasker.mask(text.toString());
    }
}
