package livemapbot;

import livemapbot.config.Quote;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The program's arguments: {@code [run|check|sandbox|generate-key|rotate-key] [--config PATH] [--port N] [--community ID]
 * [--key KEY]}. Values quoted in a mistake's message go through {@link Quote} (a key pasted in the
 * wrong place is not echoed).
 *
 * @param command   {@code run} (default), {@code check}, {@code sandbox}, {@code generate-key},
 *                  {@code rotate-key}, {@code help} or {@code version}
 * @param port      sandbox: the port to listen on
 * @param community sandbox: a fixed community id instead of the default
 * @param key       sandbox: a fixed API key instead of a random one, so a configuration pointing at
 *                  the sandbox survives its restart
 */
record CommandLine(String command, Optional<Path> configFile, OptionalInt port, Optional<String> community,
        Optional<String> key) {

    static final String USAGE = """
            Usage: java -jar livemap-bot.jar [command] [--config PATH] [--port N] [--community ID] [--key KEY]

            Commands:
              run       start the bot (default)
              check     validate the configuration, then ask Sonoran (and Discord, when a token is set)
                        whether everything works; exit 0 only when it does
              sandbox   run the embedded Sonoran CAD emulator alone and print its URL, community id and key
              generate-key  print a new random store.encryptionKey (multi mode)
              rotate-key    re-encrypt the stored API keys from store.encryptionKey to the key in the
                            environment variable STORE_NEW_ENCRYPTION_KEY, in one transaction
                            (stop the bot first)
              help      show this text
              version   show the version

            Options:
              --config PATH     properties file (default ./config.properties; optional when the
                                environment supplies every setting)
              --port N          sandbox: the port to listen on (default: a free one)
              --community ID    sandbox: the community id to accept (default: sandbox-community)
              --key KEY         sandbox: the API key to accept (default: a random one per start)
            """;

    private static final Set<String> COMMANDS = Set.of("run", "check", "sandbox", "generate-key", "rotate-key", "help",
            "version");

    CommandLine(String command, Optional<Path> configFile, OptionalInt port) {
        this(command, configFile, port, Optional.empty(), Optional.empty());
    }

    /** Parses {@code args}; a problem is an {@link IllegalArgumentException} with a short message. */
    static CommandLine parse(String... args) {
        String command = null;
        Path config = null;
        Integer port = null;
        String community = null;
        String key = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--config", "-c" -> config = Path.of(valueOf(args, ++i, arg));
                case "--port", "-p" -> port = parsePort(valueOf(args, ++i, arg));
                case "--community" -> community = sandboxText(valueOf(args, ++i, arg), arg);
                case "--key" -> key = sandboxText(valueOf(args, ++i, arg), arg);
                case "--help", "-h" -> command = "help";
                case "--version", "-V" -> command = "version";
                default -> {
                    if (arg.startsWith("--config=")) {
                        config = Path.of(arg.substring("--config=".length()));
                    } else if (arg.startsWith("--port=")) {
                        port = parsePort(arg.substring("--port=".length()));
                    } else if (arg.startsWith("--community=")) {
                        community = sandboxText(arg.substring("--community=".length()), "--community");
                    } else if (arg.startsWith("--key=")) {
                        key = sandboxText(arg.substring("--key=".length()), "--key");
                    } else if (arg.startsWith("-") || command != null) {
                        throw new IllegalArgumentException("unknown argument: " + Quote.value(arg));
                    } else if (!COMMANDS.contains(arg)) {
                        throw new IllegalArgumentException("unknown command: " + Quote.value(arg));
                    } else {
                        command = arg;
                    }
                }
            }
        }
        String chosen = command == null ? "run" : command;
        if (!chosen.equals("sandbox")) {
            if (port != null) {
                throw new IllegalArgumentException("--port only applies to the sandbox command");
            }
            if (community != null || key != null) {
                throw new IllegalArgumentException((key != null ? "--key" : "--community")
                        + " only applies to the sandbox command");
            }
        }
        return new CommandLine(chosen, Optional.ofNullable(config),
                port == null ? OptionalInt.empty() : OptionalInt.of(port),
                Optional.ofNullable(community), Optional.ofNullable(key));
    }

    private static String valueOf(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number from 0 to 65535, got " + Quote.value(value));
        }
    }

    /** A community id or key: what the emulator compares requests with, so no blanks or whitespace. */
    private static String sandboxText(String value, String option) {
        if (value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(option + " must not be empty or contain whitespace");
        }
        return value;
    }
}
