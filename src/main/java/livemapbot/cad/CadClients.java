package livemapbot.cad;

import livemapbot.config.Settings;
import okhttp3.OkHttpClient;

import java.time.Clock;
import java.time.Duration;

/** Builds the {@link CadClient} for the configured {@code sonoran.apiVersion}. */
public final class CadClients {
    private CadClients() {
    }

    /**
     * A client for {@code settings.apiUrl()} with connect timeout 5 s and at most 12 s per attempt
     * ({@link CadBudget#OPERATION}; an operation's budget usually leaves less).
     *
     * @param base the process's shared OkHttpClient (the one the Discord pre-flight uses); the CAD
     *             client derives its own with {@code newBuilder()}, so the connection pool and
     *             dispatcher stay shared
     */
    public static CadClient create(Settings settings, OkHttpClient base) {
        return create(settings, base, Sleeper.REAL);
    }

    /** As {@link #create(Settings, OkHttpClient)}, waiting between retries with {@code sleeper}. */
    public static CadClient create(Settings settings, OkHttpClient base, Sleeper sleeper) {
        return create(settings, base, CadTransport.DEFAULT_CONNECT_TIMEOUT, CadTransport.DEFAULT_CALL_TIMEOUT,
                sleeper, Clock.systemUTC());
    }

    /** Every knob, for tests: short timeouts, a recording sleeper, a fixed clock for HTTP-date Retry-After. */
    static CadClient create(Settings settings, OkHttpClient base, Duration connectTimeout, Duration callTimeout,
                            Sleeper sleeper, Clock clock) {
        CadTransport transport = new CadTransport(base, connectTimeout, callTimeout, sleeper, clock,
                settings.apiKey());
        return switch (settings.apiVersion()) {
            case V1 -> new V1CadClient(settings.apiUrl(), settings.communityId(), settings.apiKey(), transport);
            case V2 -> new V2CadClient(settings.apiUrl(), settings.apiKey(), transport);
        };
    }
}
