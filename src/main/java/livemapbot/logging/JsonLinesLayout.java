package livemapbot.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import livemapbot.config.SecretMasker;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * One JSON object per line for log collectors: {@code time} (ISO-8601 UTC), {@code level},
 * {@code logger}, {@code thread}, {@code message}, and when present {@code exception} (the full
 * stack trace as text) and {@code mdc}. Every string value passes through
 * {@link SecretMasker#mask} <em>before</em> JSON escaping, so a secret containing characters that
 * JSON escapes is still recognised.
 */
public final class JsonLinesLayout extends LayoutBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String doLayout(ILoggingEvent event) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("time", event.getInstant().toString());
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", SecretMasker.mask(event.getThreadName()));
            json.writeStringField("message", SecretMasker.mask(event.getFormattedMessage()));
            IThrowableProxy throwable = event.getThrowableProxy();
            if (throwable != null) {
                json.writeStringField("exception", SecretMasker.mask(ThrowableProxyUtil.asString(throwable)));
            }
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null && !mdc.isEmpty()) {
                json.writeObjectFieldStart("mdc");
                for (Map.Entry<String, String> entry : new TreeMap<>(mdc).entrySet()) {
                    json.writeStringField(entry.getKey(), SecretMasker.mask(entry.getValue()));
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            // A StringWriter does not fail; this would be a Jackson bug.
            throw new UncheckedIOException(e);
        }
        return out.append('\n').toString();
    }

    @Override
    public String getContentType() {
        return "application/x-ndjson";
    }
}
