package livemapbot.cad;

import java.time.Duration;

/**
 * How the CAD client waits between retries. Production sleeps the calling thread; tests inject a
 * recorder so retry waits can be asserted without the test really waiting.
 */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
