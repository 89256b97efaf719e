package livemapbot.cad;

/** The Sonoran endpoints the bot calls; Sonoran rate-limits per endpoint, so pacing is per operation. */
public enum CadOperation {
    LIST_SERVERS,
    REPLACE_SERVERS,
    GET_VERSION
}
