package livemapbot.status;

/** Why a server is unreachable, blocked or not probed: the qualifier of its {@link ProbeVerdict}. */
public enum ProbeReason {
    REFUSED(ProbeVerdict.UNREACHABLE, "connection refused",
            "Nothing accepts connections on that port: is the game server running, is listenerPort its"
                    + " game port (netPort), and is the port forwarded?"),
    TIMEOUT(ProbeVerdict.UNREACHABLE, "timed out",
            "No answer in time: a firewall may drop the bot's traffic, or the address is wrong. Players may"
                    + " still connect; check port forwarding and the firewall."),
    UNKNOWN_HOST(ProbeVerdict.UNREACHABLE, "the name does not resolve",
            "mapIp is a host name that DNS does not know; set the game server's public IP."),
    CONNECTION_FAILED(ProbeVerdict.UNREACHABLE, "connection failed",
            "The connection broke before an answer arrived; check the address, port and firewall."),
    NOT_AN_FXSERVER(ProbeVerdict.UNREACHABLE, "something else answers on that port",
            "The address answers, but not as an FXServer's dynamic.json: listenerPort is probably not the"
                    + " game port (netPort)."),
    FORBIDDEN(ProbeVerdict.HTTP_INFO_BLOCKED, "403 Nope.",
            "The game server refuses the bot's requests (sv_requestParanoia, or a proxy in front of it)."
                    + " The probe is paused for a while."),
    RATE_LIMITED(ProbeVerdict.HTTP_INFO_BLOCKED, "429 rate limited",
            "The game server rate-limits this address; the probe backs off for a while."),
    MAP_DISABLED(ProbeVerdict.NOT_PROBED, "Live Map off, no address",
            "The Live Map is off for this server and no mapIp is set."),
    NO_ADDRESS(ProbeVerdict.NOT_PROBED, "no mapIp or listenerPort",
            "Set mapIp (the game server's public IP) and listenerPort (its game port) with /setmap."),
    INVALID_ADDRESS(ProbeVerdict.NOT_PROBED, "mapIp or listenerPort is not a usable address",
            "mapIp must be an IP or host name without scheme or port, listenerPort a port number (1-65535)."),
    ADDRESS_REFUSED(ProbeVerdict.NOT_PROBED, "address refused by the safety rules",
            "The bot never contacts private, loopback, link-local, CGNAT, multicast, unspecified or"
                    + " documentation addresses unless probe.allowPrivateAddresses=true."),
    PROBING_OFF(ProbeVerdict.NOT_PROBED, "probing is off",
            "probe.enabled=false in the bot's configuration.");

    private final ProbeVerdict verdict;
    private final String words;
    private final String nextStep;

    ProbeReason(ProbeVerdict verdict, String words, String nextStep) {
        this.verdict = verdict;
        this.words = words;
        this.nextStep = nextStep;
    }

    /** The verdict this reason qualifies. */
    public ProbeVerdict verdict() {
        return verdict;
    }

    /** A few words, e.g. "connection refused". */
    public String words() {
        return words;
    }

    /** What a server owner can do about it, one or two sentences. */
    public String nextStep() {
        return nextStep;
    }

    /** Whether the probe should wait longer than usual before asking this server again. */
    public boolean backOff() {
        return this == FORBIDDEN || this == RATE_LIMITED;
    }
}
