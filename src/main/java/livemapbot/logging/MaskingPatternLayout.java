package livemapbot.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import livemapbot.config.SecretMasker;

/**
 * A {@link PatternLayout} whose whole output line (message, arguments, stack trace, thread name,
 * MDC) passes through {@link SecretMasker#mask}. The last line of defence: code should never log
 * a secret, but if it does, the console shows {@code ****}.
 */
public final class MaskingPatternLayout extends PatternLayout {
    @Override
    public String doLayout(ILoggingEvent event) {
        return SecretMasker.mask(super.doLayout(event));
    }
}
