package livemapbot.status;

/**
 * The kinds of address a probe refuses unless {@code probe.allowPrivateAddresses=true}: none of
 * them is a game server's public address, and some (loopback, cloud metadata at 169.254.169.254)
 * would let whoever can edit the CAD point the bot at the bot's own host or network.
 */
public enum AddressKind {
    LOOPBACK("a loopback address (the bot's own machine)"),
    PRIVATE("a private network address"),
    LINK_LOCAL("a link-local address (cloud metadata services live there)"),
    CGNAT("a carrier-grade NAT address (100.64.0.0/10)"),
    MULTICAST("a multicast address"),
    UNSPECIFIED("an unspecified address (0.0.0.0 or ::)"),
    DOCUMENTATION("a documentation example address, not a real server"),
    RESERVED("a reserved address (broadcast, benchmarking or future use)");

    private final String description;

    AddressKind(String description) {
        this.description = description;
    }

    /** Words for a sentence: "… is {description}". */
    public String description() {
        return description;
    }
}
