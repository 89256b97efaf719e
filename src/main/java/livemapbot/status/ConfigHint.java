package livemapbot.status;

/** A configuration mistake the probe can see, shown next to the verdict. */
public enum ConfigHint {
    /** sonorancad is started on the game server, but the CAD entry has the Live Map off. */
    RESOURCE_RUNS_BUT_MAP_DISABLED("sonorancad runs on this game server, but the CAD has the Live Map off"
            + " (enableMap=false): turn it on with /setmap if the map should show."),
    /** mapIp is one of the documentation example ranges (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32). */
    DOCUMENTATION_ADDRESS("mapIp is a documentation example address, not a real server: set the game"
            + " server's public IP."),
    /** mapIp is private, loopback, link-local, CGNAT, …: Sonoran cannot reach it from the internet. */
    PRIVATE_ADDRESS("mapIp is not a public address, so Sonoran cannot reach it from the internet: set the"
            + " game server's public IP.");

    private final String text;

    ConfigHint(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
