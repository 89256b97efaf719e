package livemapbot.cad.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import livemapbot.config.ApiVersion;

/**
 * One accepted server-list replacement, as the emulator received it. Tests use it to check that
 * the bot sent the whole list, kept unknown fields, and set {@code deployMap} only when asked.
 *
 * @param api       which API the write came through ({@code set_servers} or {@code PUT /v2/general/servers})
 * @param deployMap the {@code deployMap} flag sent (false when absent)
 * @param servers   the {@code servers} array exactly as sent (a fresh copy on every call)
 * @param body      the raw request body, byte for byte as UTF-8 text
 * @param at        when the emulator accepted it (emulator clock)
 */
public record RecordedWrite(ApiVersion api, boolean deployMap, ArrayNode servers, String body, Instant at) {
    public RecordedWrite {
        servers = servers.deepCopy();
    }

    /** A copy, so a test that edits the returned array cannot rewrite history. */
    @Override
    public ArrayNode servers() {
        return servers.deepCopy();
    }
}
