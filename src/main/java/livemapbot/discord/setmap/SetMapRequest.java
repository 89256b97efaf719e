package livemapbot.discord.setmap;

import livemapbot.cad.MapChanges;
import livemapbot.cad.ServerField;

/**
 * The option values of one {@code /setmap}, as typed; null for every option not given. Plain data
 * so validation and the change set are tested without JDA.
 *
 * <p>Addresses, the URL and the name lose surrounding whitespace (a pasted value often carries
 * some); the description is kept exactly as typed.
 *
 * @param serverId the {@code server} option (Discord sends a long; {@link SetMapValidator} checks it fits an int)
 * @param deploy   the {@code deploy} option; null lets the changed fields decide
 */
public record SetMapRequest(
        long serverId,
        Boolean enableMap,
        String mapType,
        String mapIp,
        Long listenerPort,
        Boolean differingOutbound,
        String outboundIp,
        String mapUrl,
        String name,
        String description,
        Boolean deploy) {

    public SetMapRequest {
        mapIp = strip(mapIp);
        outboundIp = strip(outboundIp);
        mapUrl = strip(mapUrl);
        name = strip(name);
    }

    /** Whether any setting was given ({@code server} and {@code deploy} are not settings). */
    public boolean hasAnySetting() {
        return enableMap != null || mapType != null || mapIp != null || listenerPort != null
                || differingOutbound != null || outboundIp != null || mapUrl != null || name != null
                || description != null;
    }

    /**
     * The requested values as a change set. Call only after {@link SetMapValidator#checkOptions}
     * found no problem (the listener port must fit an int).
     */
    public MapChanges toChanges() {
        MapChanges changes = MapChanges.none();
        if (name != null) {
            changes = changes.with(ServerField.NAME, name);
        }
        if (description != null) {
            changes = changes.with(ServerField.DESCRIPTION, description);
        }
        if (enableMap != null) {
            changes = changes.with(ServerField.ENABLE_MAP, enableMap);
        }
        if (mapType != null) {
            changes = changes.with(ServerField.MAP_TYPE, mapType);
        }
        if (mapIp != null) {
            changes = changes.with(ServerField.MAP_IP, mapIp);
        }
        if (listenerPort != null) {
            changes = changes.with(ServerField.LISTENER_PORT, Math.toIntExact(listenerPort));
        }
        if (differingOutbound != null) {
            changes = changes.with(ServerField.DIFFERING_OUTBOUND, differingOutbound);
        }
        if (outboundIp != null) {
            changes = changes.with(ServerField.OUTBOUND_IP, outboundIp);
        }
        if (mapUrl != null) {
            changes = changes.with(ServerField.MAP_URL, mapUrl);
        }
        return changes;
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }
}
