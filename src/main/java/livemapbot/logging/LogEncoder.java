package livemapbot.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The bot's log encoder: {@code format} {@code text} (default) lays events out with
 * {@code pattern} through {@link MaskingPatternLayout}; {@code json} writes one JSON object per
 * line through {@link JsonLinesLayout}. Both mask secrets. Choosing the layout here, from a
 * property, lets {@code logback.xml} switch on {@code LOG_FORMAT} without Janino conditionals.
 */
public final class LogEncoder extends LayoutWrappingEncoder<ILoggingEvent> {
    public static final String DEFAULT_PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

    private String format = "text";
    private String pattern = DEFAULT_PATTERN;

    public LogEncoder() {
        setCharset(StandardCharsets.UTF_8);
    }

    /** {@code text} or {@code json} (case-insensitive); anything else falls back to text with a warning. */
    public void setFormat(String format) {
        this.format = format;
    }

    public String getFormat() {
        return format;
    }

    /** The Logback pattern for the text format. */
    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public String getPattern() {
        return pattern;
    }

    /** Whether events are written as JSON lines (after {@link #start()}). */
    public boolean isJson() {
        return getLayout() instanceof JsonLinesLayout;
    }

    @Override
    public void start() {
        setLayout(buildLayout());
        super.start();
    }

    private Layout<ILoggingEvent> buildLayout() {
        String chosen = format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
        Layout<ILoggingEvent> built;
        if (chosen.equals("json")) {
            built = new JsonLinesLayout();
        } else {
            if (!chosen.equals("text") && !chosen.isEmpty()) {
                addWarn("Unknown log format \"" + format + "\" (expected text or json); using text");
            }
            MaskingPatternLayout text = new MaskingPatternLayout();
            text.setPattern(pattern);
            built = text;
        }
        built.setContext(getContext());
        built.start();
        return built;
    }
}
