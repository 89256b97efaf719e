package livemapbot.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps a failing connection from flooding the log: of the WARN and ERROR lines a library logs
 * (loggers under {@link #setLoggerPrefix}, {@code net.dv8tion} in production), each distinct line
 * (logger + message pattern) passes at most {@link #setLinesPerWindow} times per window (a minute);
 * the rest of that window is dropped and counted, and one line per pattern then says how many were
 * suppressed. Without it JDA wrote 166,061 ERROR lines (~293 MB) in 45 s when the gateway could
 * not be reached.
 *
 * <p>The summaries are written when the window of a pattern ends: by the next line of that pattern,
 * and by a once-a-window sweep (so the count also appears after the flood stopped). Configured in
 * {@code logback.xml} as a {@code <turboFilter>}.
 */
public final class RepeatedLineLimiter extends TurboFilter {
    /** Where the summaries are logged; outside the limited prefix, so a summary is never limited. */
    static final String SUMMARY_LOGGER = RepeatedLineLimiter.class.getName();

    private String loggerPrefix = "net.dv8tion";
    private int linesPerWindow = 5;
    private Duration window = Duration.ofMinutes(1);
    private LongSupplier nanoTime = System::nanoTime;
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;

    private record Key(String logger, String pattern) {
    }

    /** One pattern's current window. */
    private static final class Counter {
        long windowStart;
        int passed;
        long suppressed;
        Level level;

        Counter(long windowStart) {
            this.windowStart = windowStart;
        }
    }

    /** Loggers whose names start with this are limited (default {@code net.dv8tion}). */
    public void setLoggerPrefix(String prefix) {
        this.loggerPrefix = prefix;
    }

    /** How many lines of one pattern pass per window (default 5). */
    public void setLinesPerWindow(int lines) {
        this.linesPerWindow = lines;
    }

    /** Window length in seconds (default 60). */
    public void setWindowSeconds(int seconds) {
        this.window = Duration.ofSeconds(seconds);
    }

    /** For tests: the clock windows are measured with. */
    void setNanoTime(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Override
    public void start() {
        if (sweeper == null) {
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "log-limiter");
                t.setDaemon(true);
                return t;
            });
            long period = window.toMillis();
            sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
        }
        super.start();
    }

    @Override
    public void stop() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
        sweep();
        super.stop();
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        // getEffectiveLevel, not isEnabledFor: that asks the turbo filters again, i.e. this method.
        if (level == null || !level.isGreaterOrEqual(Level.WARN) || !logger.getName().startsWith(loggerPrefix)
                || !level.isGreaterOrEqual(logger.getEffectiveLevel())) {
            return FilterReply.NEUTRAL;
        }
        Key key = new Key(logger.getName(), String.valueOf(format));
        long now = nanoTime.getAsLong();
        long ended = -1;
        Level endedLevel = null;
        FilterReply reply;
        Counter counter = counters.computeIfAbsent(key, k -> new Counter(now));
        synchronized (counter) {
            if (now - counter.windowStart >= window.toNanos()) {
                ended = counter.suppressed;
                endedLevel = counter.level;
                counter.windowStart = now;
                counter.passed = 0;
                counter.suppressed = 0;
            }
            if (counter.passed < linesPerWindow) {
                counter.passed++;
                reply = FilterReply.NEUTRAL;
            } else {
                counter.suppressed++;
                counter.level = level;
                reply = FilterReply.DENY;
            }
        }
        if (ended > 0) {
            summarize(key, ended, endedLevel);
        }
        return reply;
    }

    /** Ends every window that is over and writes its summary; runs once a window. */
    void sweep() {
        long now = nanoTime.getAsLong();
        List<Runnable> summaries = new ArrayList<>();
        counters.forEach((key, counter) -> {
            synchronized (counter) {
                if (now - counter.windowStart >= window.toNanos()) {
                    long suppressed = counter.suppressed;
                    Level level = counter.level;
                    if (suppressed > 0) {
                        summaries.add(() -> summarize(key, suppressed, level));
                    }
                    counters.remove(key, counter);
                }
            }
        });
        summaries.forEach(Runnable::run);
    }

    private void summarize(Key key, long suppressed, Level level) {
        org.slf4j.Logger summary = getContext() instanceof LoggerContext context
                ? context.getLogger(SUMMARY_LOGGER) : LoggerFactory.getLogger(SUMMARY_LOGGER);
        String text = "suppressed {} similar line(s) from {} in the last {} s: \"{}\"";
        Object[] args = {suppressed, key.logger(), window.toSeconds(), key.pattern()};
        if (level == Level.ERROR) {
            summary.error(text, args);
        } else {
            summary.warn(text, args);
        }
    }
}
