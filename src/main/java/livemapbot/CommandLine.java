package livemapbot;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The program's arguments: {@code [run|check|sandbox] [--config PATH] [--port N]}.
 *
 * @param command {@code run} (default), {@code check}, {@code sandbox}, {@code help} or {@code version}
 */
record CommandLine(String command, Optional<Path> configFile, OptionalInt port) {

    static final String USAGE = """
            Usage: java -jar livemap-bot.jar [command] [--config PATH] [--port N]

            Commands:
              run       start the bot (default)
              check     validate the configuration, then ask Sonoran (and Discord, when a token is set)
                        whether everything works; exit 0 only when it does
              sandbox   run the embedded Sonoran CAD emulator alone and print its URL, community id and key
              help      show this text
              version   show the version

            Options:
              --config PATH   properties file (default ./config.properties; optional when the
                              environment supplies every setting)
              --port N        sandbox: the port to listen on (default: a free one)
            """;

    /** Parses {@code args}; a problem is an {@link IllegalArgumentException} with a short message. */
    static CommandLine parse(String... args) {
        String command = null;
        Path config = null;
        Integer port = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--config", "-c" -> config = Path.of(valueOf(args, ++i, arg));
                case "--port", "-p" -> port = parsePort(valueOf(args, ++i, arg));
                case "--help", "-h" -> command = "help";
                case "--version", "-V" -> command = "version";
                default -> {
                    if (arg.startsWith("--config=")) {
                        config = Path.of(arg.substring("--config=".length()));
                    } else if (arg.startsWith("--port=")) {
                        port = parsePort(arg.substring("--port=".length()));
                    } else if (arg.startsWith("-") || command != null) {
                        throw new IllegalArgumentException("unknown argument: " + arg);
                    } else if (!java.util.Set.of("run", "check", "sandbox", "help", "version").contains(arg)) {
                        throw new IllegalArgumentException("unknown command: " + arg);
                    } else {
                        command = arg;
                    }
                }
            }
        }
        String chosen = command == null ? "run" : command;
        if (port != null && !chosen.equals("sandbox")) {
            throw new IllegalArgumentException("--port only applies to the sandbox command");
        }
        return new CommandLine(chosen, Optional.ofNullable(config),
                port == null ? OptionalInt.empty() : OptionalInt.of(port));
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
            throw new IllegalArgumentException("--port must be a number from 0 to 65535, got " + value);
        }
    }
}
