package livemapbot.cad;

import livemapbot.config.Secret;
import livemapbot.text.Text;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP half shared by both API versions: sends one logical call, retries what is safe to
 * retry, and turns transport failures, 5xx and 429 into {@link CadException}s. Everything else
 * (2xx, other 4xx) is handed back as an {@link HttpReply} for the version-specific client to read.
 *
 * <p>Retry policy (Sonoran's own SDKs do the same for 429): at most two retries, waiting
 * {@code Retry-After} when given, else 1 s then 2 s; a wait over 10 s is not waited for at all.
 * Reads are retried on connection failure, 5xx and 429. A write is retried only on 429, because a
 * 429 means the write was not applied, whereas after a 5xx or a timeout it may have been. A retry
 * is made only when the operation's time budget ({@link CadBudget}) still has room for it, and
 * each attempt is given only the time left of that budget.
 */
final class CadTransport {
    static final int MAX_RETRIES = 2;
    static final Duration MAX_WAIT = Duration.ofSeconds(10);
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The most one attempt may take; the operation's budget usually allows less (see {@link CallGuard}). */
    static final Duration DEFAULT_CALL_TIMEOUT = CadBudget.OPERATION;
    /** Sonoran's answers are a few kB; anything far larger is not the CAD API (wrong apiUrl). */
    static final long MAX_BODY_BYTES = 2L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(CadTransport.class);
    private static final Duration[] BACKOFF = {Duration.ofSeconds(1), Duration.ofSeconds(2)};

    /** One HTTP answer, body already read (and bounded). */
    record HttpReply(int code, MediaType contentType, String body, Headers headers) {
        boolean isJson() {
            return CadTransport.isJson(contentType);
        }
    }

    private final OkHttpClient http;
    private final Duration callTimeout;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Secret apiKey;

    /**
     * @param base        the process's shared client (the one the Discord pre-flight uses; JDA
     *                    has its own); only {@code newBuilder()} is used, so the connection pool
     *                    and dispatcher stay shared
     * @param callTimeout the most any one attempt may take; each attempt is given less when the
     *                    operation's budget has less left
     */
    CadTransport(OkHttpClient base, Duration connectTimeout, Duration callTimeout, Sleeper sleeper, Clock clock,
                 Secret apiKey) {
        this.http = base.newBuilder()
                // Every attempt is the bot's own decision: OkHttp must not silently re-send a request
                // (a write on a dropped pooled connection would go out twice, unpaced), nor follow a
                // redirect (it would carry the v1 body, API key included, to another address).
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .connectTimeout(connectTimeout)
                .callTimeout(callTimeout)
                .addNetworkInterceptor(CadTransport::markSent)
                .build();
        this.callTimeout = callTimeout;
        this.sleeper = sleeper;
        this.clock = clock;
        this.apiKey = apiKey;
    }

    /** The derived client (timeouts, shared pool); for tests. */
    OkHttpClient http() {
        return http;
    }

    /**
     * Network interceptors run once a connection exists and just before the request is written,
     * so after this point a failed write may have reached Sonoran.
     */
    private static Response markSent(Interceptor.Chain chain) throws IOException {
        SendTracker tracker = chain.request().tag(SendTracker.class);
        if (tracker != null) {
            tracker.sent = true;
        }
        return chain.proceed(chain.request());
    }

    private static final class SendTracker {
        volatile boolean sent;
    }

    /**
     * Sends {@code request} (retrying as described above) and returns any non-5xx, non-429 answer.
     * Every attempt, retries included, passes through the {@link CallGuard#current() current guard}
     * (pace, one call in flight, time budget, breaker) and gets only the time the guard allows;
     * the waits between attempts happen after the guard was told the attempt ended, so no lock is
     * held while waiting.
     */
    HttpReply send(Request request, CadOperation operation) throws CadException {
        CallGuard guard = CallGuard.current();
        boolean write = operation == CadOperation.REPLACE_SERVERS;
        for (int attempt = 0; ; attempt++) {
            SendTracker tracker = new SendTracker();
            Request tagged = request.newBuilder().tag(SendTracker.class, tracker).build();
            Duration allowed = guard.beginAttempt(operation);
            HttpReply reply;
            try {
                reply = execute(tagged, shorter(allowed, callTimeout));
            } catch (IOException e) {
                String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                // A timeout (OkHttp's call timeout included) is an InterruptedIOException.
                boolean timedOut = e instanceof InterruptedIOException;
                Duration wait = attempt < MAX_RETRIES ? BACKOFF[attempt] : null;
                CallGuard.Result result = timedOut ? CallGuard.Result.TIMED_OUT : CallGuard.Result.FAILED;
                boolean retry = !write && wait != null && guard.mayRetry(operation, result, wait);
                guard.endAttempt(result, retry);
                if (retry) {
                    retryAfterWait(operation, attempt, reason, wait, e);
                    continue;
                }
                // Only the tracker knows whether bytes left: a timeout can strike before or after sending.
                throw unavailable(operation, write && tracker.sent, timedOut, reason, attempt, e);
            } catch (RuntimeException | Error e) {
                guard.endAttempt(CallGuard.Result.FAILED, false);
                throw e;
            }

            int code = reply.code();
            if (code == 429) {
                Duration retryAfter = parseRetryAfter(reply.headers().get("Retry-After"));
                Duration wait = retryAfter != null ? retryAfter : attempt < MAX_RETRIES ? BACKOFF[attempt] : null;
                boolean retry = attempt < MAX_RETRIES && wait.compareTo(MAX_WAIT) <= 0
                        && guard.mayRetry(operation, CallGuard.Result.ANSWERED, wait);
                guard.endAttempt(CallGuard.Result.ANSWERED, retry);
                if (!retry) {
                    throw rateLimited(operation, retryAfter, reply, attempt);
                }
                guard.backingOff(operation, wait);
                retryAfterWait(operation, attempt, "HTTP 429", wait, null);
                continue;
            }
            if (code >= 500) {
                String reason = "HTTP " + code + " " + snippet(reply.body());
                Duration retryAfter = parseRetryAfter(reply.headers().get("Retry-After"));
                Duration wait = retryAfter != null ? retryAfter : attempt < MAX_RETRIES ? BACKOFF[attempt] : null;
                boolean retry = !write && attempt < MAX_RETRIES && wait.compareTo(MAX_WAIT) <= 0
                        && guard.mayRetry(operation, CallGuard.Result.ANSWERED, wait);
                guard.endAttempt(CallGuard.Result.ANSWERED, retry);
                if (retry) {
                    retryAfterWait(operation, attempt, reason, wait, null);
                    continue;
                }
                throw unavailable(operation, write, false, reason, attempt, null);
            }
            guard.endAttempt(CallGuard.Result.ANSWERED, false);
            return reply;
        }
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** One attempt, bounded as a whole by {@code timeout} (OkHttp's call timeout: a trickling body too). */
    private HttpReply execute(Request request, Duration timeout) throws IOException {
        Call call = http.newCall(request);
        call.timeout().timeout(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        try (Response response = call.execute()) {
            ResponseBody body = response.body();
            MediaType type = body.contentType();
            BufferedSource source = body.source();
            if (source.request(MAX_BODY_BYTES + 1)) {
                // Not the CAD API; keep only the start so the error can still quote it.
                String start = source.readString(4096, type == null ? StandardCharsets.UTF_8
                        : type.charset(StandardCharsets.UTF_8));
                return new HttpReply(response.code(), type, start, response.headers());
            }
            String text = source.readString(type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8));
            return new HttpReply(response.code(), type, text, response.headers());
        }
    }

    private void retryAfterWait(CadOperation operation, int attempt, String reason, Duration wait, Throwable cause)
            throws CadException {
        log.warn("Sonoran {} failed ({}); retry {} of {} in {} ms", operation, mask(reason), attempt + 1,
                MAX_RETRIES, wait.toMillis());
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CadException(CadException.Kind.UNAVAILABLE,
                    "The request to Sonoran CAD was cancelled; try again in a minute.",
                    "interrupted while waiting to retry " + operation + " after: " + mask(reason), null,
                    cause != null ? cause : e);
        }
    }

    private CadException unavailable(CadOperation operation, boolean maybeApplied, boolean timedOut, String reason,
                                     int retries, Throwable cause) {
        String detail = operation + " failed after " + (retries + 1) + " attempt(s): " + mask(reason);
        if (timedOut && !maybeApplied) {
            return CadBudget.didNotAnswer(operation, detail, cause);
        }
        String user;
        if (operation == CadOperation.REPLACE_SERVERS) {
            user = maybeApplied
                    ? WriteOutcomeUnknownException.USER_MESSAGE
                    : "Sonoran CAD is not answering, so nothing was changed; try again in a minute.";
        } else {
            user = "Sonoran CAD is not answering; try again in a minute.";
        }
        if (operation == CadOperation.REPLACE_SERVERS && maybeApplied) {
            return new WriteOutcomeUnknownException(user, detail, cause);
        }
        return new CadException(CadException.Kind.UNAVAILABLE, user, detail, null, cause);
    }

    private CadException rateLimited(CadOperation operation, Duration retryAfter, HttpReply reply, int retries) {
        String when = retryAfter == null ? "in a minute" : "in " + Math.max(1, ceilSeconds(retryAfter)) + " s";
        String user = "Sonoran is limiting how often the bot may call it; try again " + when + "."
                + (operation == CadOperation.REPLACE_SERVERS ? " Nothing was changed." : "");
        return new CadException(CadException.Kind.RATE_LIMITED, user,
                operation + " rate limited (HTTP 429) after " + (retries + 1) + " attempt(s)"
                        + (retryAfter == null ? "" : ", Retry-After " + retryAfter.toMillis() + " ms")
                        + ": " + snippet(reply.body()),
                retryAfter, null);
    }

    private static long ceilSeconds(Duration d) {
        long s = d.getSeconds();
        return d.getNano() > 0 ? s + 1 : s;
    }

    /**
     * {@code Retry-After} as a wait: integer seconds or an HTTP date (RFC 1123); a date in the past
     * is no wait. Null when absent or unreadable.
     */
    Duration parseRetryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration wait = Duration.between(clock.instant(), at.toInstant());
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            log.debug("Ignoring unreadable Retry-After header: {}", v);
            return null;
        }
    }

    static boolean isJson(MediaType type) {
        if (type == null) {
            return false;
        }
        String subtype = type.subtype().toLowerCase(Locale.ROOT);
        return subtype.equals("json") || subtype.endsWith("+json");
    }

    /** {@code text} with the API key blanked out; remote bodies may echo the request. */
    String mask(String text) {
        if (text == null) {
            return "";
        }
        String key = apiKey.reveal();
        return key.isEmpty() ? text : text.replace(key, "****");
    }

    /** A single-line, bounded, masked quote of a remote body for log details. */
    String snippet(String body) {
        String masked = mask(body).replaceAll("\\s+", " ").trim();
        return Text.cut(masked, 201);
    }
}
