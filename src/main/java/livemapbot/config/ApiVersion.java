package livemapbot.config;

/** Which Sonoran API the bot talks to ({@code sonoran.apiVersion}). */
public enum ApiVersion {
    /** {@code POST /general/get_servers|set_servers|get_version}, id and key in the body. */
    V1,
    /** {@code GET/PUT /v2/general/servers}, {@code Authorization: Bearer}. */
    V2
}
