package livemapbot.status;

import java.util.OptionalInt;

/**
 * What an FXServer said about itself. Every field may be unknown (null / empty): a game server
 * that answered {@code dynamic.json} but blocked {@code info.json} has players and no resources.
 *
 * @param hostname        {@code dynamic.json}'s hostname, FiveM colour codes ({@code ^1}) removed
 * @param players         {@code clients}
 * @param maxPlayers      {@code sv_maxclients}
 * @param fxServerBuild   {@code info.json}'s {@code server}, e.g. {@code FXServer-master SERVER v1.0.0.12345 linux}
 * @param resourceRunning whether {@code sonorancad} is started (from {@code info.json}, else the push path); null = unknown
 * @param resourceVersion {@code vars.SonoranCADVersion} when the resource publishes it
 * @param pushPath        what {@code /sonorancad/status} answered
 */
public record GameServerInfo(
        String hostname,
        OptionalInt players,
        OptionalInt maxPlayers,
        String fxServerBuild,
        Boolean resourceRunning,
        String resourceVersion,
        PushPath pushPath) {

    /** Nothing known. */
    public static final GameServerInfo UNKNOWN = new GameServerInfo(null, OptionalInt.empty(), OptionalInt.empty(),
            null, null, null, PushPath.NOT_CHECKED);

    /** "12/64 players", or "" when the count is unknown. */
    public String playersText() {
        if (players.isEmpty()) {
            return "";
        }
        return players.getAsInt() + (maxPlayers.isPresent() ? "/" + maxPlayers.getAsInt() : "") + " players";
    }
}
