package livemapbot.cad;

/**
 * The server settings staff may change from Discord, with the JSON key Sonoran uses, a label for
 * embeds and the Java type of a new value. Every other field of a server entry is read-only for
 * the bot and passes through a write untouched.
 */
public enum ServerField {
    NAME("name", "Name", String.class),
    DESCRIPTION("description", "Description", String.class),
    ENABLE_MAP("enableMap", "Map enabled", Boolean.class),
    MAP_TYPE("mapType", "Map type", String.class),
    MAP_IP("mapIp", "Game server IP", String.class),
    LISTENER_PORT("listenerPort", "Listener port", Integer.class),
    DIFFERING_OUTBOUND("differingOutbound", "Differing outbound IP", Boolean.class),
    OUTBOUND_IP("outboundIp", "Outbound IP", String.class),
    MAP_URL("mapUrl", "Map URL", String.class);

    private final String jsonName;
    private final String label;
    private final Class<?> valueType;

    ServerField(String jsonName, String label, Class<?> valueType) {
        this.jsonName = jsonName;
        this.label = label;
        this.valueType = valueType;
    }

    public String jsonName() {
        return jsonName;
    }

    public String label() {
        return label;
    }

    public Class<?> valueType() {
        return valueType;
    }

    /** Fields the SonoranCAD FiveM resource rewrites at every game-server start (unless disableOverride). */
    public boolean overwrittenByGameServer() {
        return this == MAP_IP || this == LISTENER_PORT || this == DIFFERING_OUTBOUND || this == OUTBOUND_IP;
    }

    /** Fields whose change only reaches the live map with a deploy. */
    public boolean needsDeploy() {
        return this == ENABLE_MAP || this == MAP_TYPE || this == MAP_URL;
    }
}
